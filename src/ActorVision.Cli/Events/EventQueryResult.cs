using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Events;

/// <param name="Page">The events kept, and a token to continue from when that is exact ("" otherwise).</param>
/// <param name="More">More events match than --limit allowed.</param>
public sealed record EventQueryResult(EventPage Page, bool More);
