namespace ActorVision.Media;

/// <summary>How RTSP carries the RTP packets.</summary>
public enum RtspTransport
{
    /// <summary>Interleaved in the RTSP TCP connection: no loss, works through NAT and firewalls. The default.</summary>
    Tcp,
    /// <summary>Separate UDP ports: lower latency on a clean LAN, loses packets under load.</summary>
    Udp,
}
