using System.Collections.Immutable;
using Akka.Actor;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Tests.Support;
using ActorVision.Core.Imaging;
using ActorVision.Domain.Cameras.Messages;
using Xunit.Abstractions;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>
/// A camera's live view without its camera: frames offered to the tap as the analysis stage does, the real encoder
/// actor (FFmpeg's MJPEG encoder on its own dispatcher) and a probe as the viewer.
/// </summary>
public sealed class LiveViewEncoderTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static VideoFrame Frame(int second)
    {
        var frame = VideoFrame.Allocate(320, 240, PixelFormat.Bgr24);
        frame.Pixels.Fill((byte)(40 * second));
        frame.SetTiming(second, second, TimeSpan.FromSeconds(second), new DateTime(2026, 1, 1, 0, 0, second, DateTimeKind.Utc));
        return frame;
    }

    private static FrameAnalyser Analyser() =>
        new(CameraFixtures.Crossing("live"), CameraFixtures.Catalog, new DeviceChoice(new LocalDevices([]), "auto"),
            RequestPriority.Live, ImmutableSortedDictionary<string, long>.Empty);

    [Fact]
    public void Nobody_watching_takes_no_frame_and_a_viewer_gets_a_jpeg_of_the_offered_frame()
    {
        using var analyser = Analyser();
        using var tap = new LiveViewTap();
        var encoder = Sys.ActorOf(LiveViewEncoder.Props("live", tap, analyser));
        using var frame = Frame(1);

        tap.Offer(frame, OverlaySnapshot.Empty);
        Assert.False(tap.Watched);
        Assert.Equal(1, frame.RefCount);

        var viewer = CreateTestProbe();
        encoder.Tell(new WatchLiveView("live", viewer.Ref, MaxFps: 10, Lease: TimeSpan.FromSeconds(30)));
        AwaitCondition(() => tap.Watched, Wait);
        Assert.True(analyser.ViewersWatching);
        tap.Offer(frame, OverlaySnapshot.Empty);

        var picture = viewer.ExpectMsg<LiveViewFrame>(Wait);
        Assert.Equal("live", picture.CameraId);
        Assert.Equal(frame.CaptureTimeUtc, picture.CaptureTimeUtc);
        Assert.Equal([0xFF, 0xD8], picture.Jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], picture.Jpeg[^2..]);
        // The encoder gives its hold back once the picture is sent.
        AwaitCondition(() => frame.RefCount == 1, Wait);
    }

    [Fact]
    public void A_frame_offered_while_the_encoder_is_behind_replaces_the_waiting_one()
    {
        using var analyser = Analyser();
        using var tap = new LiveViewTap();
        var encoder = Sys.ActorOf(LiveViewEncoder.Props("live", tap, analyser));
        var viewer = CreateTestProbe();
        encoder.Tell(new WatchLiveView("live", viewer.Ref, MaxFps: 30, Lease: TimeSpan.FromSeconds(30)));
        AwaitCondition(() => tap.Watched, Wait);
        // The encoder is held back: the tap's signal goes to a probe, which hands it on when the test says.
        var signals = CreateTestProbe();
        tap.Attach(signals.Ref);
        using var older = Frame(1);
        using var newer = Frame(2);

        tap.Offer(older, OverlaySnapshot.Empty);
        var signal = signals.ExpectMsg<object>(Wait);
        Assert.Equal(2, older.RefCount);
        // Offers come at most at the viewer's rate: offered until one is due, the newer frame takes the older one's place.
        AwaitCondition(() =>
        {
            tap.Offer(newer, OverlaySnapshot.Empty);
            return older.RefCount == 1;
        }, Wait);
        Assert.Equal(2, newer.RefCount);
        signals.ExpectNoMsg(TimeSpan.Zero);
        encoder.Tell(signal, ActorRefs.NoSender);

        var picture = viewer.ExpectMsg<LiveViewFrame>(Wait);
        Assert.Equal(newer.CaptureTimeUtc, picture.CaptureTimeUtc);
        AwaitCondition(() => newer.RefCount == 1, Wait);
    }

    [Fact]
    public void A_frame_still_waiting_when_the_camera_stops_is_released()
    {
        using var analyser = Analyser();
        var tap = new LiveViewTap();
        var encoder = Sys.ActorOf(LiveViewEncoder.Props("live", tap, analyser));
        encoder.Tell(new WatchLiveView("live", CreateTestProbe().Ref, MaxFps: 5, Lease: TimeSpan.FromSeconds(30)));
        AwaitCondition(() => tap.Watched, Wait);
        tap.Attach(CreateTestProbe().Ref);
        using var frame = Frame(1);
        tap.Offer(frame, OverlaySnapshot.Empty);
        Assert.Equal(2, frame.RefCount);

        tap.Dispose();

        Assert.Equal(1, frame.RefCount);
        Assert.False(tap.Watched);
        tap.Offer(frame, OverlaySnapshot.Empty);
        Assert.Equal(1, frame.RefCount);
    }
}
