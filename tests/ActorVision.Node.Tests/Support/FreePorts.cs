using ActorVision.Tests;

namespace ActorVision.Node.Tests.Support;

public static class FreePorts
{
    /// <summary>A loopback TCP port nobody listens on right now and that this test process has not handed out before.</summary>
    public static int Next() => TestPorts.Next();
}
