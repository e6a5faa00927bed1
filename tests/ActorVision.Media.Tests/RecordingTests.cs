using ActorVision.Media.Sinks;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

/// <summary>Recordings of live cameras: segmented MP4 files, and pausing while the disk is short of space.</summary>
public sealed class RecordingTests
{
    private static readonly FrameSinkOptions Small = new(640, 360) { KeyframeInterval = TimeSpan.FromSeconds(1) };

    [Fact]
    public void A_segmented_recording_starts_a_new_playable_file_at_the_first_keyframe_after_each_segment()
    {
        using var scratch = new ScratchDirectory();
        var recording = new SegmentedMp4Output(scratch.File("recordings/lobby.mp4")) { SegmentDuration = TimeSpan.FromSeconds(2) };
        using (var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p)))
        using (var sink = FrameSink.Open(Small, [recording]))
        {
            while (source.ReadFrame() is { } frame)
            {
                sink.Write(frame);
                frame.Release();
            }
            sink.Complete();
        }

        var files = Directory.GetFiles(scratch.File("recordings"), "*.mp4").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, files.Length); // 10 s of video in 2 s segments
        Assert.All(files, f => Assert.Matches(@"lobby-\d{8}-\d{6}(-\d+)?\.mp4$", Path.GetFileName(f)));
        Assert.Equal(250, files.Sum(FFmpegTool.CountFrames)); // every frame, in exactly one file
        Assert.All(files, f =>
        {
            Assert.Equal(2.0, FFmpegTool.Duration(f), 1);
            Assert.Equal("0.000000", FFmpegTool.StreamProperty(f, "start_time")); // each file plays on its own
        });
    }

    [Fact]
    public void A_paused_recording_skips_frames_while_the_live_outputs_go_on_and_resumes_at_a_keyframe()
    {
        using var scratch = new ScratchDirectory();
        var mp4 = scratch.File("archive.mp4");
        var hls = new HlsOutput(scratch.File("hls")) { SegmentDuration = TimeSpan.FromSeconds(1), PlaylistSize = 20 };
        using (var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p)))
        using (var sink = FrameSink.Open(Small, [new Mp4Output(mp4), hls]))
        {
            Assert.True(sink.HasRecording);
            var written = 0;
            while (source.ReadFrame() is { } frame)
            {
                sink.RecordingPaused = written is >= 100 and < 150; // two seconds without space
                sink.Write(frame);
                frame.Release();
                written++;
            }
            sink.Complete();
            Assert.All(sink.Outputs, o => Assert.Equal(OutputState.Closed, o.State));
        }

        // 50 frames were not recorded; the recording picks up at the first keyframe after the pause (within a second).
        Assert.InRange(FFmpegTool.CountFrames(mp4), 175, 200);
        Assert.Equal(250, FFmpegTool.CountFrames(hls.PlaylistPath));
    }
}
