using ActorVision.Common;
using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorVision.Node.Observability;

/// <summary>
/// Akka's log events into Microsoft.Extensions.Logging, like Akka.Hosting's LoggerFactoryLogger, plus two things an
/// operator needs: the camera or job an actor works for becomes a logging scope (<c>CameraId</c>, <c>JobId</c>, read
/// from the sharded entity's path, so every line of the entity, its pipeline and its stream stages carries it), and
/// every message passes <see cref="UrlRedaction.RedactInText"/> (Akka addresses keep their system name), so no camera password reaches a log line.
/// </summary>
public sealed class NodeLogBridge : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _loggers = new();

    public NodeLogBridge()
    {
        _factory = DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>();
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent e:
                Write(e);
                return true;
            default:
                return false;
        }
    }

    private void Write(LogEvent e)
    {
        var logger = LoggerFor(e.LogClass);
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => MelLogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => MelLogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => MelLogLevel.Warning,
            _ => MelLogLevel.Error,
        };
        if (!logger.IsEnabled(level)) return;
        var text = UrlRedaction.RedactInText(e.Message?.ToString() ?? "");
        var exception = e.Cause is { } cause ? new RedactedException(cause) : null;
        using var scope = EntityScope.FromActorPath(e.LogSource) is { } entity ? logger.BeginScope(entity) : null;
        logger.Log(level, exception, "{Message}", text);
    }

    private ILogger LoggerFor(Type? type)
    {
        type ??= typeof(NodeLogBridge);
        if (!_loggers.TryGetValue(type, out var logger))
        {
            // Akka's own string-sourced lines (remoting, cluster) come with a placeholder class.
            logger = _factory.CreateLogger(type == typeof(DummyClassForStringSources) ? "Akka" : type.FullName ?? type.Name);
            _loggers[type] = logger;
        }
        return logger;
    }
}
