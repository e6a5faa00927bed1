using Akka.TestKit.Xunit2;
using ActorVision.Core.Rules;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Persistence.Jobs;

namespace ActorVision.Persistence.Tests.Jobs;

/// <summary>Job commands, queries and replies cross nodes through their own serializer, not the journal's.</summary>
public sealed class JobProtocolSerializerTests() : TestKit(ActorVisionSerialization.Config)
{
    private static readonly DateTime At = new(2026, 11, 26, 12, 0, 0, 123, DateTimeKind.Utc);

    private static AnalysisJobSpec Spec() => new()
    {
        Input = "clip.mp4",
        ResolvedInput = "/media/clip.mp4",
        Models = ["motion"],
        EveryFrame = true,
        Submitter = "ana",
    };

    private T RoundTrip<T>(T message) where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<JobProtocolSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return (T)Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    [Fact]
    public void Messages_between_nodes_read_back_unchanged()
    {
        var spec = Spec() with { Rules = [new LineCrossingRuleSpec { Id = "door", A = new(0.5f, 0f), B = new(0.5f, 1f) }] };
        var submit = RoundTrip(new SubmitJob("j-1", "r-1", spec));
        Assert.Equal(("j-1", "r-1"), (submit.JobId, submit.RequestId));
        Assert.Equal(spec.Rules, submit.Spec.Rules);
        Assert.Equal(new CancelJob("j-1"), RoundTrip(new CancelJob("j-1")));
        Assert.Equal(new GetJob("j-1"), RoundTrip(new GetJob("j-1")));

        var view = new JobView("j-1", spec, JobStatus.Running, null, new JobProgress(10, 100, 9, 1, 12.5), 7.2, "node-a", At, At, null, 1,
            JobSummary.Empty, null);
        var copy = RoundTrip(new JobAccepted(view)).Job;
        Assert.Equal(view with { Spec = copy.Spec, Summary = copy.Summary }, copy);
        var rejected = RoundTrip(new JobRejected("j-1", JobRejectionKind.Invalid, "bad", [new Core.Validation.FieldError("spec.input", "missing")]));
        Assert.Equal(JobRejectionKind.Invalid, rejected.Kind);
        Assert.Equal("spec.input", Assert.Single(rejected.Errors).Path);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var serializer = new JobProtocolSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "job-teleport.v9"));
        Assert.Contains("job-teleport.v9", error.Message);
    }
}
