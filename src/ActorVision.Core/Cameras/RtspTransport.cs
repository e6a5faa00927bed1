namespace ActorVision.Core.Cameras;

/// <summary>How RTSP carries the RTP packets.</summary>
public enum RtspTransport
{
    /// <summary>Interleaved in the RTSP TCP connection: no loss, works through NAT and firewalls. The default.</summary>
    Tcp,
    /// <summary>Separate UDP ports: lower latency on a clean LAN, loses packets under load.</summary>
    Udp,
}

public static class RtspTransports
{
    /// <summary>The word in the API, camera files and journals: <c>tcp</c>, <c>udp</c>.</summary>
    public static string ToWord(this RtspTransport transport) => transport == RtspTransport.Udp ? "udp" : "tcp";

    /// <summary><c>tcp</c> or <c>udp</c> (any case); null for anything else.</summary>
    public static RtspTransport? Parse(string word) => word.ToLowerInvariant() switch
    {
        "tcp" => RtspTransport.Tcp,
        "udp" => RtspTransport.Udp,
        _ => null,
    };
}
