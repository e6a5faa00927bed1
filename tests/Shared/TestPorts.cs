using System.Net;
using System.Net.Sockets;

namespace ActorVision.Tests;

/// <summary>
/// Free loopback TCP ports for servers a test starts. The kernel hands a released port out again soon, so two probes
/// in a row (a node's Akka, gRPC and HTTP ports, or an RTSP server started beside a node that has not bound yet) could
/// return one port twice; here a port is given out once per test process.
/// </summary>
public static class TestPorts
{
    private static readonly HashSet<int> GivenOut = [];

    public static int Next()
    {
        lock (GivenOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (GivenOut.Add(port)) return port;
            }
        }
    }

    /// <summary><paramref name="count"/> distinct ports, e.g. a node's Akka, gRPC and HTTP ports.</summary>
    public static int[] Pick(int count) => Enumerable.Range(0, count).Select(_ => Next()).ToArray();
}
