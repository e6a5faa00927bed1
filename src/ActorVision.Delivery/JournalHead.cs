namespace ActorVision.Delivery;

/// <summary>The newest analytics event's offset, and how many analytics events lie after a sink's position.</summary>
/// <param name="Behind">Counted up to a cap (<see cref="DeliveryStore.LagCountCap"/>), so a far-behind sink costs a bounded query.</param>
public readonly record struct JournalHead(long Offset, long Behind);
