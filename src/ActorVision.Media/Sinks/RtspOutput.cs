using ActorVision.Common;
using ActorVision.Core.Cameras;
namespace ActorVision.Media.Sinks;

/// <summary>Publishes to an RTSP server (ANNOUNCE/RECORD), e.g. MediaMTX or the test server's /publish.</summary>
public sealed record RtspOutput(string Url) : SinkOutput
{
    public RtspTransport Transport { get; init; } = RtspTransport.Tcp;

    public override string Name => "rtsp " + UrlRedaction.Redact(Url);
    internal override bool Reconnects => true;
    internal override string Target => Url;
    internal override string Format => "rtsp";
    internal override string Protocols => "rtsp,rtsps,tcp,udp,rtp,tls";

    internal override IReadOnlyList<KeyValuePair<string, string>> MuxerOptions =>
        [KeyValuePair.Create("rtsp_transport", Transport == RtspTransport.Tcp ? "tcp" : "udp")];
}
