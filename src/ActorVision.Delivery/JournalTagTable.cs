using Akka.Configuration;

namespace ActorVision.Delivery;

/// <summary>
/// Where Akka.Persistence.Sql keeps event tags (tag-write-mode TagTable, which AddActorVision sets): read from the
/// journal's table mapping, so a renamed table or schema is followed.
/// </summary>
public sealed record JournalTagTable(string QualifiedName, string OrderingColumn, string TagColumn)
{
    public static JournalTagTable Default { get; } = new("tags", "ordering_id", "tag");

    public static JournalTagTable FromConfig(Config config)
    {
        const string journal = "akka.persistence.journal.sql";
        var mapping = config.GetString($"{journal}.table-mapping", "default");
        var tag = config.GetConfig($"{journal}.{mapping}.tag") ?? config.GetConfig($"{journal}.default.tag");
        if (tag is null) return Default;
        var schema = config.GetString($"{journal}.{mapping}.schema-name", "");
        var table = tag.GetString("table-name", "tags");
        return new JournalTagTable(
            string.IsNullOrEmpty(schema) || schema == "null" ? table : $"{schema}.{table}",
            tag.GetString("columns.ordering-id", "ordering_id"),
            tag.GetString("columns.tag-value", "tag"));
    }
}
