using System.Data.Common;
using ActorVision.Delivery.EventIndex;
using ActorVision.Domain.Storage;
using ActorVision.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using static ActorVision.Delivery.SqlCommands;

namespace ActorVision.Delivery.Retention;

/// <summary>
/// Keeps camera journals from growing forever: deletes the analytics events a camera's snapshot already covers (its
/// counters live in the snapshot) once every reader of the <c>analytics</c> tag has passed them (the event index
/// projection and every configured sink, each at its stored offset; a sink that stored none holds everything) and
/// they are older than <c>keep-for</c>. Offsets are the journal's ordering, which deletion never renumbers, so every
/// reader resumes where it was.
/// <para>
/// Only rows tagged <c>analytics</c> go: a camera's registration and spec changes stay (the API lists cameras from
/// them), as does each journal's newest row (its highest sequence number). Rows and their tags go together, a batch
/// per transaction. Jobs keep their journals: a job's results are read from it.
/// </para>
/// </summary>
public sealed class JournalRetention : IRetentionStep
{
    private const int Batch = 1000;
    private readonly PersistenceSettings _persistence;
    private readonly JournalTables _tables;
    private readonly Func<IReadOnlyCollection<string>> _sinks;
    private readonly TimeSpan _keepFor;
    private readonly string _tag;
    private readonly string _persistenceIdPrefix;
    private readonly bool _postgres;

    /// <param name="sinks">The sinks configured now: each one's stored offset bounds what may go.</param>
    /// <param name="persistenceIdPrefix">Whose journals are trimmed (cameras: <c>camera-</c>).</param>
    public JournalRetention(PersistenceSettings persistence, JournalTables tables, Func<IReadOnlyCollection<string>> sinks, TimeSpan keepFor,
        string tag, string persistenceIdPrefix)
    {
        _persistence = persistence;
        _tables = tables;
        _sinks = sinks;
        _keepFor = keepFor;
        _tag = tag;
        _persistenceIdPrefix = persistenceIdPrefix;
        _postgres = persistence.Provider == PersistenceProvider.PostgreSql;
    }

    public string Kind => "journal";
    public bool OncePerCluster => true;

    public async Task<RetentionReport> RunAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var readers = await ReadersPositionAsync(connection, cancellationToken).ConfigureAwait(false);
        var cutoff = (now - _keepFor).Ticks;
        long deleted = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await CoveredAsync(connection, readers, cutoff, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0) break;
            await DeleteAsync(connection, batch, cancellationToken).ConfigureAwait(false);
            deleted += batch.Count;
            if (batch.Count < Batch) break;
        }
        return new RetentionReport(Kind, deleted, 0);
    }

    /// <summary>The offset every reader of the tag has passed: the lowest of the event index's and the sinks'.</summary>
    public async Task<long> ReadersPositionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var position = long.MaxValue;
        if (await TableExistsAsync(connection, EventIndexStore.OffsetsTable, cancellationToken).ConfigureAwait(false))
            position = Math.Min(position, await OffsetAsync(connection, $"SELECT last_offset FROM {EventIndexStore.OffsetsTable} WHERE projection = @name", EventIndexStore.ProjectionName, cancellationToken).ConfigureAwait(false));
        var sinks = _sinks();
        if (sinks.Count > 0)
        {
            var stored = await TableExistsAsync(connection, DeliveryStore.OffsetsTable, cancellationToken).ConfigureAwait(false);
            foreach (var sink in sinks)
            {
                position = Math.Min(position, stored
                    ? await OffsetAsync(connection, $"SELECT last_offset FROM {DeliveryStore.OffsetsTable} WHERE sink = @name", sink, cancellationToken).ConfigureAwait(false)
                    : 0);
            }
        }
        return position;
    }

    private async Task<IReadOnlyList<long>> CoveredAsync(DbConnection connection, long readers, long cutoffTicks, CancellationToken cancellationToken)
    {
        var (t, tags) = (_tables, _tables.Tags);
        await using var command = Command(connection, $"""
            SELECT g.{tags.OrderingColumn} FROM {tags.QualifiedName} g
            JOIN {t.Journal} j ON j.{t.Ordering} = g.{tags.OrderingColumn}
            JOIN (SELECT {t.SnapshotPersistenceId} AS pid, MAX({t.SnapshotSequenceNumber}) AS covered FROM {t.Snapshot}
                  WHERE {t.SnapshotPersistenceId} LIKE @prefix GROUP BY {t.SnapshotPersistenceId}) s ON s.pid = j.{t.PersistenceId}
            WHERE g.{tags.TagColumn} = @tag AND g.{tags.OrderingColumn} <= @readers AND j.{t.Created} < @cutoff
              AND j.{t.SequenceNumber} <= s.covered
              AND j.{t.SequenceNumber} < (SELECT MAX(h.{t.SequenceNumber}) FROM {t.Journal} h WHERE h.{t.PersistenceId} = j.{t.PersistenceId})
            ORDER BY g.{tags.OrderingColumn} LIMIT @batch
            """);
        Add(command, "prefix", _persistenceIdPrefix + "%");
        Add(command, "tag", _tag);
        Add(command, "readers", readers);
        Add(command, "cutoff", cutoffTicks);
        Add(command, "batch", Batch);
        var orderings = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) orderings.Add(reader.GetInt64(0));
        return orderings;
    }

    private async Task DeleteAsync(DbConnection connection, IReadOnlyList<long> orderings, CancellationToken cancellationToken)
    {
        var list = string.Join(", ", orderings.Select((_, i) => "@o" + i));
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in new[]
                 {
                     $"DELETE FROM {_tables.Tags.QualifiedName} WHERE {_tables.Tags.OrderingColumn} IN ({list})",
                     $"DELETE FROM {_tables.Journal} WHERE {_tables.Ordering} IN ({list})",
                 })
        {
            await using var delete = Command(connection, sql);
            delete.Transaction = transaction;
            for (var i = 0; i < orderings.Count; i++) Add(delete, "o" + i, orderings[i]);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> OffsetAsync(DbConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql);
        Add(command, "name", name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt64(value) : 0;
    }

    private async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, _postgres
            ? "SELECT to_regclass(@table) IS NOT NULL"
            : "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = @table");
        Add(command, "table", table);
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _postgres ? new NpgsqlConnection(_persistence.ConnectionString) : new SqliteConnection(_persistence.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
