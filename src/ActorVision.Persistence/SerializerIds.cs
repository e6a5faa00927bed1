namespace ActorVision.Persistence;

/// <summary>
/// Every serializer id ActorVision uses, in one table. The journal stores the id beside every entry and nodes send it
/// with every message, so an id is forever: never change one, never reuse one. A new format gets a new manifest under
/// its serializer; a new serializer gets the next free id here.
/// </summary>
public static class SerializerIds
{
    /// <summary>Camera journal entries and snapshots (<see cref="Cameras.CameraJournalSerializer"/>).</summary>
    public const int CameraJournal = 4101;

    /// <summary>Job journal entries and snapshots (<see cref="Jobs.JobJournalSerializer"/>).</summary>
    public const int JobJournal = 4102;

    /// <summary>Camera commands, queries and replies between nodes, and published analytics events (<see cref="Cameras.CameraProtocolSerializer"/>).</summary>
    public const int CameraProtocol = 4103;

    /// <summary>Job commands, queries and replies between nodes (<see cref="Jobs.JobProtocolSerializer"/>). Until 2026-12 the job journal serializer (4102) carried them.</summary>
    public const int JobProtocol = 4104;

    /// <summary>Camera status and live-view frames for dashboards (<see cref="Cameras.CameraBroadcastSerializer"/>).</summary>
    public const int CameraBroadcasts = 4190;

    /// <summary>Device loads and snapshot pictures between nodes (ActorVision.Node's NodeMessageSerializer).</summary>
    public const int NodeMessages = 4191;

    /// <summary>Nodes' capacity reports (<see cref="Capacity.CapacitySerializer"/>).</summary>
    public const int Capacity = 4192;
}
