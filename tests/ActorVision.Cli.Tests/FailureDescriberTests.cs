using ActorVision.Cli.Connection;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Resilience;
using ActorVision.Cli.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using StatusCode = Grpc.Core.StatusCode;

namespace ActorVision.Cli.Tests;

public class FailureDescriberTests
{
    private static readonly ConnectionSettings WithKey = new(new Uri("http://node-1:7070"), "k3y-that-must-not-leak", TimeSpan.FromSeconds(30));
    private static readonly ConnectionSettings WithoutKey = WithKey with { ApiKey = null };

    [Theory]
    [InlineData(StatusCode.InvalidArgument, ExitCodes.Rejected)]
    [InlineData(StatusCode.OutOfRange, ExitCodes.Rejected)]
    [InlineData(StatusCode.NotFound, ExitCodes.NotFound)]
    [InlineData(StatusCode.AlreadyExists, ExitCodes.Conflict)]
    [InlineData(StatusCode.FailedPrecondition, ExitCodes.Conflict)]
    [InlineData(StatusCode.Aborted, ExitCodes.Conflict)]
    [InlineData(StatusCode.Unauthenticated, ExitCodes.Unauthenticated)]
    [InlineData(StatusCode.PermissionDenied, ExitCodes.Unauthenticated)]
    [InlineData(StatusCode.Unavailable, ExitCodes.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded, ExitCodes.Unavailable)]
    [InlineData(StatusCode.Internal, ExitCodes.Failure)]
    [InlineData(StatusCode.Unknown, ExitCodes.Failure)]
    [InlineData(StatusCode.Unimplemented, ExitCodes.Failure)]
    [InlineData(StatusCode.Cancelled, ExitCodes.Interrupted)]
    public void Status_codes_map_to_exit_codes(StatusCode code, int exitCode)
    {
        var failure = FailureDescriber.Describe(Scripted.Status(code, "detail"), WithKey);

        Assert.Equal(exitCode, failure.ExitCode);
        Assert.NotEqual(ExitCodes.Success, failure.ExitCode);
        Assert.NotEqual(ExitCodes.Usage, failure.ExitCode);
    }

    [Fact]
    public void InvalidArgument_lists_the_field_errors_the_node_sent()
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = "invalid camera spec",
            Details =
            {
                Any.Pack(new BadRequest
                {
                    FieldViolations =
                    {
                        new BadRequest.Types.FieldViolation { Field = "spec.analysis_fps", Description = "must be > 0" },
                        new BadRequest.Types.FieldViolation { Field = "spec.rules[1].zone.polygon", Description = "needs at least 3 points" },
                    },
                }),
            },
        };

        var failure = FailureDescriber.Describe(status.ToRpcException(), WithKey);

        Assert.Equal("invalid request: spec.analysis_fps: must be > 0; spec.rules[1].zone.polygon: needs at least 3 points", failure.Reason);
    }

    [Fact]
    public void A_camera_refused_for_want_of_capacity_exits_10_with_the_nodes_numbers()
    {
        var message = "no ingest node has room for camera 'door': it needs about 0.50 cores (1920x1080 at 5 fps with motion); " +
                      "akka.tcp://actorvision@10.0.0.2:4053: over capacity (CPU 1.70 of 1.60 cores (80% of 2)). Add a node, lower the " +
                      "camera's analysis fps or size, or force it (--force)";
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.ResourceExhausted,
            Message = message,
            Details = { Any.Pack(new ErrorInfo { Reason = FailureDescriber.ClusterFull, Domain = "actorvision" }) },
        };

        var failure = FailureDescriber.Describe(status.ToRpcException(), WithKey, "camera 'door'");

        Assert.Equal(ExitCodes.NoCapacity, failure.ExitCode);
        Assert.Equal(message, failure.Reason);
    }

    [Fact]
    public void InvalidArgument_without_details_shows_the_message()
    {
        var failure = FailureDescriber.Describe(Scripted.Status(StatusCode.InvalidArgument, "spec.id: must match [a-z0-9]..."), WithKey);

        Assert.Equal("invalid request: spec.id: must match [a-z0-9]...", failure.Reason);
    }

    [Fact]
    public void NotFound_says_what_was_not_found()
    {
        Assert.Equal("camera 'lobby' not found",
            FailureDescriber.Describe(Scripted.Status(StatusCode.NotFound), WithKey, "camera 'lobby'").Reason);
        Assert.Equal("job 'j-9' not found: no such job",
            FailureDescriber.Describe(Scripted.Status(StatusCode.NotFound, "no such job"), WithKey, "job 'j-9'").Reason);
        // The node names the subject itself: said once, with what the node adds.
        Assert.Equal("camera 'lobby' not found",
            FailureDescriber.Describe(Scripted.Status(StatusCode.NotFound, "camera 'lobby'"), WithKey, "camera 'lobby'").Reason);
        Assert.Equal("member 'akka.tcp://actorvision@10.0.0.9:4053' not found (see `avctl cluster show`)",
            FailureDescriber.Describe(Scripted.Status(StatusCode.NotFound, "member 'akka.tcp://actorvision@10.0.0.9:4053' (see `avctl cluster show`)"),
                WithKey, "member 'akka.tcp://actorvision@10.0.0.9:4053'").Reason);
    }

    [Fact]
    public void Unauthenticated_says_whether_the_key_is_missing_or_wrong()
    {
        var missing = FailureDescriber.Describe(Scripted.Status(StatusCode.Unauthenticated), WithoutKey);
        var wrong = FailureDescriber.Describe(Scripted.Status(StatusCode.Unauthenticated), WithKey);

        Assert.Contains("requires an API key", missing.Reason);
        Assert.Contains("--api-key", missing.Reason);
        Assert.Contains("AV_API_KEY", missing.Reason);
        Assert.Contains("rejected the API key", wrong.Reason);
        Assert.DoesNotContain(WithKey.ApiKey!, wrong.Reason);
    }

    [Fact]
    public void Unavailable_names_the_node_and_how_long_it_was_tried()
    {
        var exhausted = new RetriesExhaustedException(Scripted.Status(StatusCode.Unavailable, "Error connecting to subchannel."), 7, TimeSpan.FromSeconds(29.4));

        var failure = FailureDescriber.Describe(exhausted, WithKey);

        Assert.Equal(ExitCodes.Unavailable, failure.ExitCode);
        Assert.Equal("the node at http://node-1:7070 cannot be reached: Error connecting to subchannel. (gave up after 7 attempts in 29.4s)", failure.Reason);
    }

    [Fact]
    public void Reasons_are_one_line_and_never_carry_the_api_key()
    {
        var echo = Scripted.Status(StatusCode.Internal, $"boom\nheader x-api-key={WithKey.ApiKey}\r\nstack");

        var failure = FailureDescriber.Describe(echo, WithKey);

        Assert.DoesNotContain("\n", failure.Reason);
        Assert.DoesNotContain("\r", failure.Reason);
        Assert.DoesNotContain(WithKey.ApiKey!, failure.Reason);
        Assert.Contains("x-api-key=***", failure.Reason);
    }

    [Fact]
    public void Usage_and_command_failures_keep_their_codes()
    {
        Assert.Equal(ExitCodes.Usage, FailureDescriber.Describe(new UsageException("bad"), null).ExitCode);
        Assert.Equal(ExitCodes.JobFailed, FailureDescriber.Describe(new CommandFailedException(ExitCodes.JobFailed, "job failed"), null).ExitCode);
        Assert.Equal(ExitCodes.Interrupted, FailureDescriber.Describe(new OperationCanceledException(), null).ExitCode);
    }
}
