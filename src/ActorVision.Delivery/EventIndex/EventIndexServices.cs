namespace ActorVision.Delivery.EventIndex;

/// <summary>What an API node holds of the event index: the table, its settings, and the node's live feed of it.</summary>
public sealed record EventIndexServices(EventIndexStore Store, EventIndexSettings Settings, EventFeed Feed);
