using ActorVision.Media.Sinks;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

/// <summary>Outputs write where they are told and nowhere else: paths travel to FFmpeg as single option values, and
/// preparing an HLS folder removes only that folder's own playlist and segments.</summary>
public sealed class OutputConfinementTests
{
    private static readonly FrameSinkOptions Small = new(640, 360) { KeyframeInterval = TimeSpan.FromSeconds(1) };

    private static void Encode(IReadOnlyList<SinkOutput> outputs, int frames = 50)
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p));
        using var sink = FrameSink.Open(Small, outputs);
        for (var i = 0; i < frames; i++)
        {
            using var frame = source.ReadFrame()!;
            sink.Write(frame);
        }
        sink.Complete();
    }

    [Theory]
    [InlineData("rec\nhls_segment_filename=/tmp/injected-%d.ts.mp4")]
    [InlineData("rec\rmethod=PUT.mp4")]
    [InlineData("rec%d.mp4")]
    public void An_output_path_with_a_control_character_or_a_pattern_is_refused_before_FFmpeg_sees_it(string name)
    {
        using var scratch = new ScratchDirectory();
        var error = Assert.Throws<MediaException>(() => Encode([new Mp4Output(scratch.File(name))]));
        Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(Directory.GetFileSystemEntries(scratch.Path));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "injected-*"));
    }

    [Fact]
    public void A_relative_output_path_is_refused_because_FFmpeg_would_read_a_colon_as_a_protocol()
    {
        var error = Assert.Throws<MediaException>(() => Encode([new Mp4Output("http:evil.mp4")]));
        Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Equals_signs_colons_and_spaces_in_a_folder_stay_part_of_one_path()
    {
        using var scratch = new ScratchDirectory();
        var hls = new HlsOutput(scratch.File("a=b:c d,e")) { SegmentDuration = TimeSpan.FromSeconds(1) };

        Encode([hls]);

        Assert.True(File.Exists(hls.PlaylistPath));
        Assert.NotEmpty(Directory.GetFiles(hls.Directory, "segment_*.ts"));
        Assert.Equal([hls.Directory], Directory.GetDirectories(scratch.Path));
    }

    [Fact]
    public void Preparing_an_HLS_folder_removes_only_its_own_playlist_and_segments()
    {
        using var scratch = new ScratchDirectory();
        var outside = scratch.File("outside.ts");
        File.WriteAllText(outside, "not the sink's");
        var hls = new HlsOutput(scratch.File("hls")) { SegmentDuration = TimeSpan.FromSeconds(1) };
        Directory.CreateDirectory(Path.Combine(hls.Directory, "nested"));
        File.WriteAllText(Path.Combine(hls.Directory, "nested", "segment_000001.ts"), "kept");
        File.WriteAllText(Path.Combine(hls.Directory, "notes.txt"), "kept");
        File.WriteAllText(Path.Combine(hls.Directory, "segment_extra.ts"), "kept: not a segment name");
        File.CreateSymbolicLink(Path.Combine(hls.Directory, "segment_000099.ts"), outside);

        Encode([hls], frames: 1);

        Assert.Equal("not the sink's", File.ReadAllText(outside));
        Assert.True(File.Exists(Path.Combine(hls.Directory, "nested", "segment_000001.ts")));
        Assert.True(File.Exists(Path.Combine(hls.Directory, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(hls.Directory, "segment_extra.ts")));
        Assert.False(File.Exists(Path.Combine(hls.Directory, "segment_000099.ts")));
    }

    [Fact]
    public void A_playlist_name_that_is_not_a_plain_file_name_is_refused()
    {
        using var scratch = new ScratchDirectory();
        var hls = new HlsOutput(scratch.File("hls")) { PlaylistName = "../index.m3u8" };
        var error = Assert.Throws<MediaException>(() => Encode([hls]));
        Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
        Assert.False(File.Exists(scratch.File("index.m3u8")));
    }
}
