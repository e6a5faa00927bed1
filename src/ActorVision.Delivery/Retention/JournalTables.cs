using Akka.Configuration;

namespace ActorVision.Delivery.Retention;

/// <summary>
/// Where Akka.Persistence.Sql keeps journal rows and snapshots, read from its table mapping (as
/// <see cref="JournalTagTable"/> does for tags) so a renamed table, column or schema is followed.
/// </summary>
public sealed record JournalTables(
    string Journal,
    string Ordering,
    string PersistenceId,
    string SequenceNumber,
    string Created,
    string Snapshot,
    string SnapshotPersistenceId,
    string SnapshotSequenceNumber,
    JournalTagTable Tags)
{
    public static JournalTables Default { get; } = FromConfig(Config.Empty);

    public static JournalTables FromConfig(Config config)
    {
        const string journalPath = "akka.persistence.journal.sql";
        const string snapshotPath = "akka.persistence.snapshot-store.sql";
        var journalMapping = config.GetString($"{journalPath}.table-mapping", "default");
        var snapshotMapping = config.GetString($"{snapshotPath}.table-mapping", "default");
        var journal = config.GetConfig($"{journalPath}.{journalMapping}.journal") ?? Config.Empty;
        var snapshot = config.GetConfig($"{snapshotPath}.{snapshotMapping}.snapshot") ?? Config.Empty;
        return new JournalTables(
            Qualified(config.GetString($"{journalPath}.{journalMapping}.schema-name", ""), journal.GetString("table-name", "journal")),
            journal.GetString("columns.ordering", "ordering"),
            journal.GetString("columns.persistence-id", "persistence_id"),
            journal.GetString("columns.sequence-number", "sequence_number"),
            journal.GetString("columns.created", "created"),
            Qualified(config.GetString($"{snapshotPath}.{snapshotMapping}.schema-name", ""), snapshot.GetString("table-name", "snapshot")),
            snapshot.GetString("columns.persistence-id", "persistence_id"),
            snapshot.GetString("columns.sequence-number", "sequence_number"),
            JournalTagTable.FromConfig(config));
    }

    private static string Qualified(string? schema, string table) => string.IsNullOrEmpty(schema) || schema == "null" ? table : $"{schema}.{table}";
}
