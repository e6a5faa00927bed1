using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Telemetry;
using ActorVision.Core.Cameras;
using ActorVision.Core.Imaging;
using ActorVision.Media;
using ActorVision.Tests;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>
/// A live camera's decode stage whose decoding is slower than the camera (the reading thread pauses after each frame,
/// as a saturated node would make it) reports the frames its source dropped to catch up as dropped, reason behind.
/// </summary>
public sealed class DecodeBehindTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_live_camera_whose_decoder_falls_behind_counts_the_frames_it_skips_as_dropped_behind_and_says_so_once_per_episode()
    {
        using var server = RtspTestServer.Start();
        var spec = new CameraSpec { Id = "slow-decoder", SourceUrl = server.CameraUrl, Mode = SourceMode.Live, Models = ["motion"], AnalysisFps = 5 };
        var settings = CameraRuntimeSettings.Default;
        var counters = new PipelineCounters(spec.Id, ActorVisionMetrics.Get(Sys));
        var observer = new SlowDecoder(TimeSpan.FromMilliseconds(100)); // 10 of the camera's 25 frames a second
        var options = CameraSource.Options(spec, settings, maxFps: null);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MaxDecodeLag);

        var (killSwitch, done) = CameraSource.Create(spec, options, settings, observer,
                behind: n => counters.FrameDropped(FrameDropReason.Behind, n))
            .ViaMaterialized(KillSwitches.Single<VideoFrame>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<VideoFrame>(frame => frame.Release()), Keep.Both)
            .Run(Sys.Materializer());

        AwaitCondition(() => counters.FramesDroppedFor(FrameDropReason.Behind) > 0 && observer.Episodes > 0, Wait);
        killSwitch.Shutdown();
        done.Wait(Wait);

        Assert.Equal(counters.FramesDropped, counters.FramesDroppedFor(FrameDropReason.Behind));
        Assert.True(observer.FirstLag > settings.MaxDecodeLag, $"reported at {observer.FirstLag.TotalSeconds:0.00} s behind");
        // Once per episode, not per frame.
        Assert.True(observer.Episodes < counters.FramesDroppedFor(FrameDropReason.Behind));
        Assert.Equal("behind", FrameDropReason.Behind.Tag());
    }

    /// <summary>Slows the reading thread down after each frame, and records the episodes the stage reports.</summary>
    private sealed class SlowDecoder(TimeSpan pause) : ISourceObserver
    {
        private int _episodes;
        public int Episodes => Volatile.Read(ref _episodes);
        public TimeSpan FirstLag { get; private set; }
        public void Opened(StreamInfo info) { }
        public void Failed(MediaException error) { }
        public void Current(FrameSource? source) { }
        public void FrameRead(TimeSpan elapsed) => Thread.Sleep(pause); // the scenario: a decoder slower than the camera
        public void FellBehind(TimeSpan lag)
        {
            if (Episodes == 0) FirstLag = lag;
            Interlocked.Increment(ref _episodes);
        }
    }
}
