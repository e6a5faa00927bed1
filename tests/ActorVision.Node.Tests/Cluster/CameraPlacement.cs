using ActorVision.Domain.Cameras;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>Where one camera runs and in which state, as its entity reports it; Node is empty when it did not answer.</summary>
public sealed record CameraPlacement(string CameraId, string Node, CameraRunState? State, DateTime Since, long EventsTotal)
{
    public bool Answered => State is not null;

    public bool IsRunning => State == CameraRunState.Running;

    public override string ToString() => Answered ? $"{CameraId}@{Port(Node)}:{State}/{EventsTotal}ev" : $"{CameraId}:unanswered";

    /// <summary>The port of an Akka address such as <c>akka.tcp://actorvision@127.0.0.1:4053</c>.</summary>
    public static string Port(string address) => address.Length == 0 ? "?" : address[(address.LastIndexOf(':') + 1)..];
}
