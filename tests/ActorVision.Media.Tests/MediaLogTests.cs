using System.Collections.Concurrent;
using ActorVision.Tests;
using Microsoft.Extensions.Logging;

namespace ActorVision.Media.Tests;

[Collection(nameof(ResourceTests))] // routes the process-wide FFmpeg log: run alone
public sealed class MediaLogTests
{
    [Fact]
    public void FFmpegs_own_messages_reach_the_logger_with_urls_redacted()
    {
        var logger = new CapturingLogger();
        MediaLog.RouteFFmpegTo(logger, LogLevel.Warning);
        try
        {
            using var scratch = new ScratchDirectory();
            var path = scratch.File("damaged.mp4");
            var bytes = File.ReadAllBytes(TestAssets.TestSource360p);
            new Random(7).NextBytes(bytes.AsSpan(bytes.Length / 2, 20_000));
            File.WriteAllBytes(path, bytes);
            using (var source = FrameSource.Open(new FrameSourceOptions(path)))
                while (source.ReadFrame() is { } frame) frame.Release();

            Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions("rtsp://admin:topsecret@127.0.0.1:1/cam") { OpenTimeout = TimeSpan.FromSeconds(2) }));
        }
        finally
        {
            MediaLog.StopRouting();
        }
        Assert.Contains(logger.Lines, l => l.Level >= LogLevel.Warning && l.Text.StartsWith("ffmpeg: ", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains("topsecret", StringComparison.Ordinal));
    }

    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
