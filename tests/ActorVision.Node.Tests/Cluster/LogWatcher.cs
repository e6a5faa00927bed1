using Akka.Actor;
using Akka.Event;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>Completes a task when the actor system logs a warning or error that matches (see <see cref="SystemWarnings"/>).</summary>
public sealed class LogWatcher : ReceiveActor
{
    public LogWatcher(Func<string, bool> matches, TaskCompletionSource<string> seen)
    {
        Receive<LogEvent>(e =>
        {
            var text = e.Message?.ToString() ?? "";
            if (e.LogLevel() >= Akka.Event.LogLevel.WarningLevel && matches(text)) seen.TrySetResult(text);
        });
    }
}
