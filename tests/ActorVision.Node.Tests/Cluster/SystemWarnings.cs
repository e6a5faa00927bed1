using Akka.Actor;
using Akka.Event;

namespace ActorVision.Node.Tests.Cluster;

public static class SystemWarnings
{
    /// <summary>Starts watching <paramref name="system"/>'s warnings and errors; the task completes with the first match.</summary>
    public static Task<string> WaitFor(ActorSystem system, Func<string, bool> matches)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = system.ActorOf(Props.Create(() => new LogWatcher(matches, seen)));
        system.EventStream.Subscribe(watcher, typeof(Warning));
        system.EventStream.Subscribe(watcher, typeof(Error));
        return seen.Task;
    }
}
