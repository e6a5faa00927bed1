using Akka.Actor;

namespace ActorVision.Node;

/// <summary>
/// The process's exit code once the node has stopped. 0 when it was asked to stop (SIGTERM, Ctrl+C, a cluster
/// leave); 1 when it stopped on its own (downed by the split-brain resolver, a discovery that can never join, a
/// remoting failure), so that a supervisor or an orchestrator sees a failure, not a clean exit.
/// </summary>
public static class NodeExit
{
    public const int Requested = 0;
    public const int StoppedOnItsOwn = 1;

    public static int Code(CoordinatedShutdown.Reason? reason) => reason switch
    {
        null => Requested,
        CoordinatedShutdown.ClrExitReason or CoordinatedShutdown.ClusterLeavingReason or CoordinatedShutdown.ActorSystemTerminateReason => Requested,
        _ => StoppedOnItsOwn,
    };
}
