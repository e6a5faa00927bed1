using Npgsql;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>The sequence numbers in the PostgreSQL journal, per persistence id (Akka.Persistence.Sql's <c>journal</c> table).</summary>
public sealed record JournalRows(IReadOnlyDictionary<string, IReadOnlySet<long>> SequenceNumbers)
{
    public static async Task<JournalRows> ReadAsync(string connectionString, string persistenceIdPrefix)
    {
        var rows = new Dictionary<string, HashSet<long>>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT persistence_id, sequence_number FROM journal WHERE persistence_id LIKE @prefix", connection);
        command.Parameters.AddWithValue("prefix", persistenceIdPrefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            if (!rows.TryGetValue(id, out var numbers)) rows[id] = numbers = [];
            numbers.Add(reader.GetInt64(1));
        }
        return new JournalRows(rows.ToDictionary(r => r.Key, r => (IReadOnlySet<long>)r.Value));
    }

    public int Count => SequenceNumbers.Values.Sum(s => s.Count);

    /// <summary>Rows of this snapshot that <paramref name="later"/> no longer has, as "persistence-id#seq".</summary>
    public IReadOnlyList<string> MissingFrom(JournalRows later) =>
        SequenceNumbers
            .SelectMany(p => p.Value.Where(seq => !(later.SequenceNumbers.TryGetValue(p.Key, out var after) && after.Contains(seq)))
                .Select(seq => $"{p.Key}#{seq}"))
            .ToArray();
}
