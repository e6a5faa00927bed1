using System.Data.Common;
using ActorVision.Common.Time;
using ActorVision.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using static ActorVision.Delivery.SqlCommands;

namespace ActorVision.Delivery;

/// <summary>
/// What sinks keep in the journal's database (SQLite file or PostgreSQL): each sink's delivered position
/// (<c>av_delivery_offset</c>) and the events it gave up on (<c>av_delivery_dead_letter</c>, one row per sink and
/// offset, so recording one twice after a crash keeps one row). Also measures the journal's head for lag.
/// </summary>
public sealed class DeliveryStore : IAsyncDisposable
{
    public const string OffsetsTable = "av_delivery_offset";
    public const string DeadLettersTable = "av_delivery_dead_letter";
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
    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(string sink, long afterOffset, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            SELECT sink, event_offset, event_id, camera_id, rule_id, event_type, attempts, last_error, payload, dead_at_ms
            FROM {DeadLettersTable} WHERE sink = @sink AND event_offset > @after ORDER BY event_offset LIMIT @limit
            """);
        Add(command, "sink", sink);
        Add(command, "after", afterOffset);
        Add(command, "limit", limit);
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(
                reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt32(6), reader.GetString(7), reader.GetString(8), UnixTime.FromMilliseconds(reader.GetInt64(9))));
        }
        return letters;
    }

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
