using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using ActorVision.Node.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorVision.Node.Tests.Observability;

/// <summary>Akka's log events reach Microsoft.Extensions.Logging through the node's bridge with the entity scope and without credentials.</summary>
public sealed class LogBridgeTests
{
    [Fact]
    public async Task Log_lines_of_a_camera_carry_its_id_as_scope_and_no_password()
    {
        var sink = new RecordingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(sink);
        builder.Services.AddAkka("log-bridge-test", akka => akka.ConfigureLoggers(loggers =>
        {
            loggers.ClearLoggers();
            loggers.AddLogger<NodeLogBridge>();
        }));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            // What a camera pipeline's stream stage logs (its log source is its actor path inside the entity).
            Logging.GetLogger(system, "akka://log-bridge-test/system/sharding/camera/12/lobby/pipeline-1/StreamSupervisor-0")
                .Warning("source rtsp://admin:s3cret@10.0.0.9/live failed; retrying");
            Logging.GetLogger(system, "akka://log-bridge-test/user/elsewhere").Info("no entity here");

            var camera = await sink.WaitForAsync(l => l.Message.Contains("retrying"));
            Assert.Equal(LogLevel.Warning, camera.Level);
            Assert.Equal("source rtsp://***@10.0.0.9/live failed; retrying", camera.Message);
            Assert.Contains(camera.Scopes, s => s is IEnumerable<KeyValuePair<string, object?>> pairs
                && pairs.Any(p => p.Key == "CameraId" && (string?)p.Value == "lobby"));

            var other = await sink.WaitForAsync(l => l.Message == "no entity here");
            Assert.Equal(LogLevel.Information, other.Level);
            Assert.Empty(other.Scopes);
            Assert.DoesNotContain(sink.Lines, l => l.Message.Contains("s3cret"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyList<object?> Scopes);

    /// <summary>Keeps every line with the scopes active when it was written.</summary>
    private sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
        public ConcurrentQueue<LogLine> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        public async Task<LogLine> WaitForAsync(Func<LogLine, bool> match)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                if (Lines.FirstOrDefault(match) is { } line) return line;
                await Task.Delay(20, timeout.Token);
            }
        }

        private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<object?>();
                provider._scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
                provider.Lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), scopes));
            }
        }
    }
}
