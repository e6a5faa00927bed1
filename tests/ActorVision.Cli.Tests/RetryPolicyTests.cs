using ActorVision.Cli.Resilience;
using ActorVision.Cli.Tests.Support;
using ActorVision.Common.Resilience;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using StatusCode = Grpc.Core.StatusCode;

namespace ActorVision.Cli.Tests;

public class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = RetryPolicy.Default;
    private static readonly TimeSpan Plenty = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.Aborted)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public void Transient_statuses_retry(StatusCode code) =>
        Assert.True(Policy.Decide(Scripted.Status(code), 1, Plenty, 0.5).Retry);

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.AlreadyExists)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Unauthenticated)]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.Unimplemented)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Unknown)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Cancelled)]
    public void Definite_answers_do_not_retry(StatusCode code) =>
        Assert.False(Policy.Decide(Scripted.Status(code), 1, Plenty, 0.5).Retry);

    [Fact]
    public void A_connection_broken_under_the_call_retries_but_a_node_side_internal_error_does_not()
    {
        var broken = new RpcException(new Grpc.Core.Status(StatusCode.Internal, "stream reset", new IOException("connection reset")));
        var nodeBug = new RpcException(new Grpc.Core.Status(StatusCode.Internal, "NullReferenceException"));

        Assert.True(RetryPolicy.IsTransient(broken));
        Assert.False(RetryPolicy.IsTransient(nodeBug));
    }

    [Fact]
    public void Backoff_grows_exponentially_and_stays_within_its_bounds()
    {
        var policy = new RetryPolicy(new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3), randomFactor: 0.2));

        Assert.Equal(TimeSpan.FromMilliseconds(200), policy.Backoff(1, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(400), policy.Backoff(2, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(800), policy.Backoff(3, 0));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.Backoff(10, 0));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.Backoff(1000, 0));
        for (var attempt = 1; attempt <= 40; attempt++)
            foreach (var sample in new[] { 0.0, 0.001, 0.25, 0.5, 0.75, 0.999999 })
            {
                var delay = policy.Backoff(attempt, sample);
                Assert.InRange(delay, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3.6));
            }
        Assert.Equal(TimeSpan.FromMilliseconds(240), policy.Backoff(1, 1.0));
    }

    [Fact]
    public void The_nodes_retry_after_trailer_wins_over_the_backoff()
    {
        var error = Scripted.Status(StatusCode.Unavailable, "shard handing over", new Metadata { { RetryPolicy.RetryAfterTrailer, "1500" } });

        var decision = Policy.Decide(error, 1, Plenty, 0.5);

        Assert.True(decision.Retry);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), decision.Delay);
    }

    [Fact]
    public void A_google_rpc_retry_info_detail_is_honoured_too()
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.Unavailable,
            Message = "rebalancing",
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(750)) }) },
        };

        var decision = Policy.Decide(status.ToRpcException(), 1, Plenty, 0.5);

        Assert.Equal(TimeSpan.FromMilliseconds(750), decision.Delay);
    }

    [Fact]
    public void Garbage_retry_advice_falls_back_to_the_backoff()
    {
        var error = Scripted.Status(StatusCode.Unavailable, "", new Metadata { { RetryPolicy.RetryAfterTrailer, "soon" } });

        Assert.Equal(Policy.Backoff(1, 0.5), Policy.Decide(error, 1, Plenty, 0.5).Delay);
    }

    [Fact]
    public void A_wait_that_would_outlast_the_deadline_gives_up_now()
    {
        var advice = Scripted.Status(StatusCode.Unavailable, "", new Metadata { { RetryPolicy.RetryAfterTrailer, "5000" } });

        Assert.False(Policy.Decide(advice, 1, TimeSpan.FromSeconds(4), 0.5).Retry);
        Assert.True(Policy.Decide(advice, 1, TimeSpan.FromSeconds(6), 0.5).Retry);
        Assert.False(Policy.Decide(Scripted.Status(StatusCode.Unavailable), 1, TimeSpan.Zero, 0.5).Retry);
    }
}
