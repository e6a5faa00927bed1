namespace ActorVision.Delivery;

/// <summary>An event to send now; <paramref name="Number"/> counts its attempts, this one included.</summary>
public sealed record DeliveryAttempt(DeliveryItem Item, int Number);
