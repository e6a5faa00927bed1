using System.Data.Common;
using ActorVision.Common.Time;
using ActorVision.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using static ActorVision.Delivery.SqlCommands;

namespace ActorVision.Delivery;

/// <summary>
/// What sinks keep in the journal's database (SQLite file or PostgreSQL): each sink's delivered position
/// (<c>av_delivery_offset</c>), the events it gave up on (<c>av_delivery_dead_letter</c>, one row per sink and
/// offset, so recording one twice after a crash keeps one row) and the dead letters an operator asked to replay
/// (<c>av_delivery_replay</c>: durable, so a replay survives the sink moving to another node). Also measures the
/// journal's head for lag.
/// </summary>
public sealed class DeliveryStore : IAsyncDisposable
{
    public const string OffsetsTable = "av_delivery_offset";
    public const string DeadLettersTable = "av_delivery_dead_letter";
    public const string ReplayTable = "av_delivery_replay";
    /// <summary>The most offsets one replay request may name.</summary>
    public const int MaxReplayOffsets = 1000;
    /// <summary>Lag is counted up to this many events; beyond it the sink is "at least this far" behind.</summary>
    public const long LagCountCap = 1_000_000;

    private readonly PersistenceProvider _provider;
    private readonly string _connectionString;
    private readonly JournalTagTable _tags;
    private readonly NpgsqlDataSource? _postgres;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public DeliveryStore(PersistenceSettings persistence, JournalTagTable tags)
    {
        _provider = persistence.Provider;
        _connectionString = persistence.ConnectionString;
        _tags = tags;
        if (_provider == PersistenceProvider.PostgreSql) _postgres = NpgsqlDataSource.Create(_connectionString);
    }

    /// <summary>The sink's stored position; null for a sink that never stored one.</summary>
    public async Task<long?> LoadOffsetAsync(string sink, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT last_offset FROM {OffsetsTable} WHERE sink = @sink");
        Add(command, "sink", sink);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt64(value) : null;
    }

    public async Task SaveOffsetAsync(string sink, long offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            INSERT INTO {OffsetsTable} (sink, last_offset, updated_at_ms) VALUES (@sink, @offset, @at)
            ON CONFLICT (sink) DO UPDATE SET last_offset = excluded.last_offset, updated_at_ms = excluded.updated_at_ms
            """);
        Add(command, "sink", sink);
        Add(command, "offset", offset);
        Add(command, "at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a dead letter; recording the same sink and offset again changes nothing.</summary>
    public async Task RecordDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            INSERT INTO {DeadLettersTable} (sink, event_offset, event_id, camera_id, rule_id, event_type, attempts, last_error, payload, dead_at_ms)
            VALUES (@sink, @offset, @id, @camera, @rule, @type, @attempts, @error, @payload, @at)
            ON CONFLICT (sink, event_offset) DO NOTHING
            """);
        Add(command, "sink", letter.Sink);
        Add(command, "offset", letter.Offset);
        Add(command, "id", letter.EventId);
        Add(command, "camera", letter.CameraId);
        Add(command, "rule", letter.RuleId);
        Add(command, "type", letter.EventType);
        Add(command, "attempts", letter.Attempts);
        Add(command, "error", letter.LastError.Length > 1000 ? letter.LastError[..1000] : letter.LastError);
        Add(command, "payload", letter.Payload);
        Add(command, "at", UnixTime.ToMilliseconds(letter.DeadAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountDeadLettersAsync(string sink, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT COUNT(*) FROM {DeadLettersTable} WHERE sink = @sink");
        Add(command, "sink", sink);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The sink's dead letters after <paramref name="afterOffset"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(string sink, long afterOffset, int limit, CancellationToken cancellationToken = default) =>
        (await ListDeadLettersAsync(sink, afterOffset, limit, cancellationToken).ConfigureAwait(false)).Select(l => l.Letter).ToArray();

    /// <summary>
    /// Dead letters in (sink, offset) order: of <paramref name="sink"/> after <paramref name="afterOffset"/>, or of every
    /// sink when <paramref name="sink"/> is empty; each says whether a replay of it is pending.
    /// </summary>
    public async Task<IReadOnlyList<ListedDeadLetter>> ListDeadLettersAsync(string sink, long afterOffset, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            SELECT d.sink, d.event_offset, d.event_id, d.camera_id, d.rule_id, d.event_type, d.attempts, d.last_error, d.payload, d.dead_at_ms,
                   CASE WHEN r.sink IS NULL THEN 0 ELSE 1 END
            FROM {DeadLettersTable} d LEFT JOIN {ReplayTable} r ON r.sink = d.sink AND r.event_offset = d.event_offset
            WHERE (@sink = '' OR d.sink = @sink) AND d.event_offset > @after ORDER BY d.sink, d.event_offset LIMIT @limit
            """);
        Add(command, "sink", sink);
        Add(command, "after", afterOffset);
        Add(command, "limit", limit);
        var letters = new List<ListedDeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            letters.Add(new ListedDeadLetter(ReadLetter(reader), Convert.ToInt32(reader.GetValue(10)) == 1));
        return letters;
    }

    /// <summary>Dead letters of <paramref name="sink"/>, or of every sink when it is empty.</summary>
    public async Task<long> CountAllDeadLettersAsync(string sink, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT COUNT(*) FROM {DeadLettersTable} WHERE @sink = '' OR sink = @sink");
        Add(command, "sink", sink);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Marks dead letters of <paramref name="sink"/> for replay: those at <paramref name="offsets"/>, or every one when
    /// null. Marking one twice changes nothing. Returns how many are marked and the asked offsets that hold no dead letter.
    /// </summary>
    public async Task<ReplayRequest> RequestReplayAsync(string sink, IReadOnlyCollection<long>? offsets, CancellationToken cancellationToken = default)
    {
        if (offsets is { Count: 0 or > MaxReplayOffsets }) throw new ArgumentOutOfRangeException(nameof(offsets), offsets.Count, $"name 1 to {MaxReplayOffsets} offsets");
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var only = "";
        var missing = new List<long>();
        var distinct = offsets?.Distinct().Order().ToArray() ?? [];
        if (offsets is not null)
        {
            only = " AND event_offset IN (" + string.Join(", ", distinct.Select((_, i) => "@o" + i)) + ")";
            await using var existing = Command(connection, $"SELECT event_offset FROM {DeadLettersTable} WHERE sink = @sink{only}");
            existing.Transaction = transaction;
            Add(existing, "sink", sink);
            for (var i = 0; i < distinct.Length; i++) Add(existing, "o" + i, distinct[i]);
            var found = new HashSet<long>();
            await using (var reader = await existing.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) found.Add(reader.GetInt64(0));
            }
            missing.AddRange(distinct.Where(o => !found.Contains(o)));
        }
        await using var mark = Command(connection, $"""
            INSERT INTO {ReplayTable} (sink, event_offset, requested_at_ms)
            SELECT sink, event_offset, @at FROM {DeadLettersTable} WHERE sink = @sink{only}
            ON CONFLICT (sink, event_offset) DO NOTHING
            """);
        mark.Transaction = transaction;
        Add(mark, "sink", sink);
        Add(mark, "at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        for (var i = 0; i < distinct.Length; i++) Add(mark, "o" + i, distinct[i]);
        await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var count = Command(connection, $"SELECT COUNT(*) FROM {ReplayTable} WHERE sink = @sink");
        count.Transaction = transaction;
        Add(count, "sink", sink);
        var pending = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ReplayRequest(pending, missing);
    }

    /// <summary>The next dead letters of <paramref name="sink"/> waiting for a replay, by offset.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ReplaysDueAsync(string sink, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            SELECT d.sink, d.event_offset, d.event_id, d.camera_id, d.rule_id, d.event_type, d.attempts, d.last_error, d.payload, d.dead_at_ms
            FROM {ReplayTable} r JOIN {DeadLettersTable} d ON d.sink = r.sink AND d.event_offset = r.event_offset
            WHERE r.sink = @sink ORDER BY r.event_offset LIMIT @limit
            """);
        Add(command, "sink", sink);
        Add(command, "limit", limit);
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) letters.Add(ReadLetter(reader));
        return letters;
    }

    /// <summary>A replayed dead letter was delivered: it is no longer a dead letter.</summary>
    public async Task ReplayDeliveredAsync(string sink, long offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in new[] { ReplayTable, DeadLettersTable })
        {
            await using var delete = Command(connection, $"DELETE FROM {table} WHERE sink = @sink AND event_offset = @offset");
            delete.Transaction = transaction;
            Add(delete, "sink", sink);
            Add(delete, "offset", offset);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A replayed dead letter was refused again: it stays a dead letter, with the new attempts and reason.</summary>
    public async Task ReplayRefusedAsync(string sink, long offset, int attempts, string lastError, DateTime at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var update = Command(connection, $"""
                         UPDATE {DeadLettersTable} SET attempts = attempts + @attempts, last_error = @error, dead_at_ms = @at
                         WHERE sink = @sink AND event_offset = @offset
                         """))
        {
            update.Transaction = transaction;
            Add(update, "attempts", attempts);
            Add(update, "error", lastError.Length > 1000 ? lastError[..1000] : lastError);
            Add(update, "at", UnixTime.ToMilliseconds(at));
            Add(update, "sink", sink);
            Add(update, "offset", offset);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var delete = Command(connection, $"DELETE FROM {ReplayTable} WHERE sink = @sink AND event_offset = @offset"))
        {
            delete.Transaction = transaction;
            Add(delete, "sink", sink);
            Add(delete, "offset", offset);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DeadLetter ReadLetter(DbDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
        reader.GetInt32(6), reader.GetString(7), reader.GetString(8), UnixTime.FromMilliseconds(reader.GetInt64(9)));

    /// <summary>The highest offset tagged <paramref name="tag"/>, and how many such entries come after <paramref name="afterOffset"/>.</summary>
    public async Task<JournalHead> JournalHeadAsync(string tag, long afterOffset, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            SELECT
              (SELECT MAX({_tags.OrderingColumn}) FROM {_tags.QualifiedName} WHERE {_tags.TagColumn} = @tag),
              (SELECT COUNT(*) FROM (SELECT 1 AS one FROM {_tags.QualifiedName}
                 WHERE {_tags.TagColumn} = @tag AND {_tags.OrderingColumn} > @after LIMIT @cap) AS behind)
            """);
        Add(command, "tag", tag);
        Add(command, "after", afterOffset);
        Add(command, "cap", LagCountCap);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return new JournalHead(0, 0);
        var head = reader.IsDBNull(0) ? 0 : Convert.ToInt64(reader.GetValue(0));
        return new JournalHead(head, Convert.ToInt64(reader.GetValue(1)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync().ConfigureAwait(false);
        _schemaGate.Dispose();
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _postgres is not null ? _postgres.CreateConnection() : new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_schemaReady) await CreateTablesAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CreateTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady) return;
            var ddl = $"""
                CREATE TABLE IF NOT EXISTS {OffsetsTable} (
                  sink VARCHAR(64) NOT NULL PRIMARY KEY,
                  last_offset BIGINT NOT NULL,
                  updated_at_ms BIGINT NOT NULL);
                CREATE TABLE IF NOT EXISTS {DeadLettersTable} (
                  sink VARCHAR(64) NOT NULL,
                  event_offset BIGINT NOT NULL,
                  event_id VARCHAR(64) NOT NULL,
                  camera_id VARCHAR(128) NOT NULL,
                  rule_id VARCHAR(128) NOT NULL,
                  event_type VARCHAR(64) NOT NULL,
                  attempts INTEGER NOT NULL,
                  last_error VARCHAR(1000) NOT NULL,
                  payload TEXT NOT NULL,
                  dead_at_ms BIGINT NOT NULL,
                  PRIMARY KEY (sink, event_offset));
                CREATE TABLE IF NOT EXISTS {ReplayTable} (
                  sink VARCHAR(64) NOT NULL,
                  event_offset BIGINT NOT NULL,
                  requested_at_ms BIGINT NOT NULL,
                  PRIMARY KEY (sink, event_offset));
                """;
            await CreateSchemaAsync(connection, ddl, cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
