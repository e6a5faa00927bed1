using ActorVision.Cluster.Telemetry;
using System.Collections.Immutable;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Inference.Models;
using ActorVision.Inference.Motion;
using ActorVision.Media;
using ActorVision.Tests;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>A camera's whole stream graph on real video: the RTSP test server or a file, FFmpeg, motion, tracker and rules.</summary>
public sealed class CameraGraphTests : TestKit
{
    private readonly ITestOutputHelper output;

    public CameraGraphTests(ITestOutputHelper output) : base(NodeConfig, output: output) => this.output = output;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static Config NodeConfig { get; } = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
        .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "actorvision.conf"))))
        .WithFallback(InferenceSettings.DefaultConfig);

    [Fact]
    public void A_live_camera_analyses_the_rtsp_stream_and_hands_each_crossing_to_the_entity_to_persist()
    {
        using var server = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        var entity = CreateTestProbe();
        var spec = Spec("live", server.Url("crossing"), SourceMode.Live);
        using var analyser = Analyser(spec);
        var counters = new PipelineCounters(spec.Id, ActorVisionMetrics.Get(Sys));
        var (killSwitch, _) = Run(spec, analyser, counters, entity.Ref, new SourceWatch());

        // The scripted box crosses the middle every 5 s of video.
        for (var i = 0; i < 2; i++)
        {
            var record = entity.ExpectMsg<RecordAnalyticsEvents>(TimeSpan.FromSeconds(40));
            Assert.Equal(AnalyticsEventType.LineCrossed, Assert.Single(record.Events).EventType);
            entity.LastSender.Tell(new AnalyticsEventsRecorded(record.Events.Count, record.CorrelationId));
        }
        output.WriteLine($"in {counters.FramesIn}, analysed {counters.FramesAnalysed}, dropped {counters.FramesDropped}");
        Assert.True(counters.FramesAnalysed >= 25, $"analysed {counters.FramesAnalysed}");
        killSwitch.Shutdown();
    }

    [Fact]
    public void A_live_camera_whose_analysis_stalls_keeps_decoding_drops_stale_frames_and_holds_no_more_than_its_pool()
    {
        using var server = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        var entity = CreateTestProbe(); // never confirms: the recording stage waits on the first crossing
        var spec = Spec("stalled", server.Url("crossing"), SourceMode.Live);
        using var analyser = Analyser(spec);
        var counters = new PipelineCounters(spec.Id, ActorVisionMetrics.Get(Sys));
        var source = new SourceWatch();
        var (killSwitch, _) = Run(spec, analyser, counters, entity.Ref, source);

        entity.ExpectMsg<RecordAnalyticsEvents>(TimeSpan.FromSeconds(40));
        AwaitCondition(() => counters.FramesDropped > 10, Wait);
        var pool = source.Last!.Pool;
        var created = pool.Created;
        var framesIn = counters.FramesIn;
        var dropped = counters.FramesDropped;
        AwaitCondition(() => counters.FramesDropped > dropped + 10, Wait);

        // Decoding went on at the source's pace, dropping what analysis could not take without converting it: no frame
        // entered the stalled graph and the pool stopped growing at what the graph holds.
        output.WriteLine($"in {counters.FramesIn}, analysed {counters.FramesAnalysed}, dropped {counters.FramesDropped}, pool {pool.Created}");
        Assert.Equal(framesIn, counters.FramesIn);
        Assert.Equal(created, pool.Created);
        Assert.True(pool.Created <= 4, $"{pool.Created} frames made");
        killSwitch.Shutdown();
    }

    [Fact]
    public void A_live_camera_behind_a_slow_journal_resumes_on_fresh_frames_and_counts_every_stale_one_as_replaced()
    {
        using var server = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        var entity = CreateTestProbe();
        var spec = Spec("slow-journal", server.Url("crossing"), SourceMode.Live);
        using var analyser = Analyser(spec);
        var counters = new PipelineCounters(spec.Id, ActorVisionMetrics.Get(Sys));
        var (killSwitch, _) = Run(spec, analyser, counters, entity.Ref, new SourceWatch());

        // The journal takes its time over the first crossing: at least 30 frames (6 s at 5 fps) go by meanwhile.
        var first = entity.ExpectMsg<RecordAnalyticsEvents>(TimeSpan.FromSeconds(40));
        var stage = entity.LastSender;
        AwaitCondition(() => counters.FramesDropped >= 30, Wait);
        var stallEnded = DateTime.UtcNow;
        stage.Tell(new AnalyticsEventsRecorded(first.Events.Count, first.CorrelationId));

        // The next crossing comes from a frame decoded after the stall, not from a queue that built up during it.
        var next = entity.ExpectMsg<RecordAnalyticsEvents>(TimeSpan.FromSeconds(40));
        var captured = Assert.Single(next.Events).WallTime;
        output.WriteLine($"stall ended {stallEnded:O}, next crossing captured {captured:O}; {counters.FramesDropped} dropped");
        Assert.True(captured > stallEnded - TimeSpan.FromSeconds(3), $"the crossing after the stall was captured at {captured:O}, the stall ended at {stallEnded:O}");
        // Every stale frame is counted, as replaced by a newer one (no model here, so nothing timed out or was refused).
        Assert.Equal(counters.FramesDropped, counters.FramesDroppedFor(FrameDropReason.Replaced));
        killSwitch.Shutdown();
    }

    [Fact]
    public void A_file_camera_analyses_every_sampled_frame_and_completes()
    {
        var entity = CreateTestProbe();
        var spec = Spec("file", TestAssets.TestSource360p, SourceMode.File);
        using var analyser = Analyser(spec);
        var counters = new PipelineCounters(spec.Id, ActorVisionMetrics.Get(Sys));
        var (_, completion) = Run(spec, analyser, counters, entity.Ref, new SourceWatch());

        Assert.True(completion.Wait(Wait), "the file ends");
        // 250 frames at 25 fps sampled at 5 fps.
        Assert.Equal((50L, 50L, 0L), (counters.FramesIn, counters.FramesAnalysed, counters.FramesDropped));
    }

    private static CameraSpec Spec(string id, string url, SourceMode mode) => new()
    {
        Id = id,
        SourceUrl = url,
        Mode = mode,
        Models = ["motion"],
        AnalysisFps = 5,
        Rules = [new LineCrossingRuleSpec { Id = "middle", A = new PointF(0.5f, 0.05f), B = new PointF(0.5f, 0.95f) }],
    };

    private static FrameAnalyser Analyser(CameraSpec spec) => new(spec,
        new ModelCatalog(new Dictionary<string, ModelSpec>(), new Dictionary<string, MotionSettings> { ["motion"] = new() }),
        new DeviceChoice(LocalDevices.None, "auto"), RequestPriority.Live, ImmutableSortedDictionary<string, long>.Empty);

    private (UniqueKillSwitch KillSwitch, Task Completion) Run(CameraSpec spec, FrameAnalyser analyser, PipelineCounters counters, IActorRef entity, SourceWatch source)
    {
        void Drop(FrameDropReason reason) => counters.FrameDropped(reason);

        var stages = new CameraGraphStages
        {
            Analyser = analyser,
            Counters = counters,
            Analysis = new FrameAnalysisOptions { EmitIdle = spec.Mode == SourceMode.Live, Dropped = (reason, _) => Drop(reason) },
            Recording = new EventRecordOptions { Entity = entity, Counters = counters, Analyser = analyser },
        };
        var options = CameraSource.Options(spec, CameraRuntimeSettings.Default, maxFps: spec.AnalysisFps);
        var frames = CameraSource.Create(spec, options, CameraRuntimeSettings.Default, source, replaced: () => Drop(FrameDropReason.Replaced));
        return CameraGraph.Create(spec, frames, stages).Run(Sys.Materializer());
    }

    /// <summary>Remembers the last source opened (for its frame pool).</summary>
    private sealed class SourceWatch : ISourceObserver
    {
        public FrameSource? Last { get; private set; }
        public void Opened(StreamInfo info) { }
        public void Failed(MediaException error) { }
        public void Current(FrameSource? source) => Last = source ?? Last;
    }
}
