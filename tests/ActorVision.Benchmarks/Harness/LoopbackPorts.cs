using System.Net;
using System.Net.Sockets;

namespace ActorVision.Benchmarks.Harness;

/// <summary>Free loopback ports for nodes the benchmarks start.</summary>
public static class LoopbackPorts
{
    /// <summary>Distinct free ports: all listeners stay open until every port is picked, so the OS cannot hand one out twice.</summary>
    public static int[] Pick(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
