using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorVision.Cluster.Devices;

/// <summary>Lets the inference library's ILogger messages (provider fallback warnings) reach the actor's Akka log.</summary>
internal sealed class AkkaLoggerBridge(ILoggingAdapter log) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel switch
    {
        LogLevel.Trace or LogLevel.Debug => log.IsDebugEnabled,
        LogLevel.Information => log.IsInfoEnabled,
        LogLevel.Warning => log.IsWarningEnabled,
        LogLevel.None => false,
        _ => log.IsErrorEnabled,
    };

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var message = formatter(state, exception);
        switch (logLevel)
        {
            case LogLevel.Trace or LogLevel.Debug: log.Debug(message); break;
            case LogLevel.Information: log.Info(message); break;
            case LogLevel.Warning: log.Warning(message); break;
            default: log.Error(exception, message); break;
        }
    }
}
