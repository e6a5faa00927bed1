using System.Data.Common;
using ActorVision.Common.Time;
using ActorVision.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using static ActorVision.Delivery.SqlCommands;

namespace ActorVision.Delivery.EventIndex;

/// <summary>
/// The event index's table, in the same database as the journal (SQLite file or PostgreSQL): one row per analytics
/// event keyed by its offset, indexed for the filters the API offers, and the projection's own offset, written in the
/// same transaction as the rows it covers so a crash can neither skip nor double an event.
/// </summary>
public sealed class EventIndexStore : IAsyncDisposable
{
    public const string EventsTable = "av_event_index";
    public const string OffsetsTable = "av_projection_offset";
    public const string ProjectionName = "event-index";

    private readonly PersistenceProvider _provider;
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public EventIndexStore(PersistenceSettings persistence)
    {
        _provider = persistence.Provider;
        _connectionString = persistence.ConnectionString;
        if (_provider == PersistenceProvider.PostgreSql) _postgres = NpgsqlDataSource.Create(_connectionString);
    }

    /// <summary>The offset of the last event the projection wrote; 0 before the first.</summary>
    public async Task<long> ProjectedOffsetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT last_offset FROM {OffsetsTable} WHERE projection = @projection");
        Add(command, "projection", ProjectionName);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt64(value) : 0;
    }

    /// <summary>Writes rows (already written ones are skipped) and moves the projection's offset to <paramref name="offset"/>, atomically.</summary>
    public async Task WriteAsync(IReadOnlyList<IndexedEvent> rows, long offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count > 0)
        {
            await using var insert = Command(connection, $"""
                INSERT INTO {EventsTable} (event_offset, event_id, camera_id, job_id, rule_id, event_type, wall_time_ms, payload)
                VALUES (@offset, @id, @camera, @job, @rule, @type, @wall, @payload)
                ON CONFLICT (event_offset) DO NOTHING
                """);
            insert.Transaction = transaction;
            var parameters = new[] { "offset", "id", "camera", "job", "rule", "type", "wall", "payload" }
                .Select(name => Add(insert, name, DBNull.Value)).ToArray();
            foreach (var row in rows)
            {
                parameters[0].Value = row.Offset;
                parameters[1].Value = row.EventId;
                parameters[2].Value = row.CameraId;
                parameters[3].Value = row.JobId;
                parameters[4].Value = row.RuleId;
                parameters[5].Value = row.Type;
                parameters[6].Value = UnixTime.ToMilliseconds(row.WallTime);
                parameters[7].Value = row.Payload;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await using (var position = Command(connection, $"""
                         INSERT INTO {OffsetsTable} (projection, last_offset) VALUES (@projection, @offset)
                         ON CONFLICT (projection) DO UPDATE SET last_offset = excluded.last_offset
                         """))
        {
            position.Transaction = transaction;
            Add(position, "projection", ProjectionName);
            Add(position, "offset", offset);
            await position.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Matching events after <paramref name="afterOffset"/>, in offset order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<IndexedEvent>> QueryAsync(EventQueryFilter filter, long afterOffset, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "");
        var where = new List<string> { "event_offset > @after" };
        Add(command, "after", afterOffset);
        void Equal(string column, string value, string name)
        {
            if (value.Length == 0) return;
            where.Add($"{column} = @{name}");
            Add(command, name, value);
        }
        Equal("camera_id", filter.CameraId, "camera");
        Equal("rule_id", filter.RuleId, "rule");
        Equal("event_type", filter.Type, "type");
        Equal("job_id", filter.JobId, "job");
        if (filter.From is { } from)
        {
            where.Add("wall_time_ms >= @from");
            Add(command, "from", UnixTime.ToMilliseconds(from));
        }
        if (filter.To is { } to)
        {
            where.Add("wall_time_ms < @to");
            Add(command, "to", UnixTime.ToMilliseconds(to));
        }
        Add(command, "limit", limit);
        command.CommandText = $"""
            SELECT event_offset, event_id, camera_id, job_id, rule_id, event_type, wall_time_ms, payload FROM {EventsTable}
            WHERE {string.Join(" AND ", where)} ORDER BY event_offset LIMIT @limit
            """;
        var rows = new List<IndexedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new IndexedEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                UnixTime.FromMilliseconds(reader.GetInt64(6)), (byte[])reader.GetValue(7)));
        }
        return rows;
    }

    /// <summary>Deletes up to <paramref name="batch"/> of the oldest rows for events before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> DeleteBeforeAsync(DateTime before, int batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            DELETE FROM {EventsTable} WHERE event_offset IN
              (SELECT event_offset FROM {EventsTable} WHERE wall_time_ms < @before ORDER BY event_offset LIMIT @batch)
            """);
        Add(command, "before", UnixTime.ToMilliseconds(before));
        Add(command, "batch", batch);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes up to <paramref name="batch"/> of the oldest rows beyond the newest <paramref name="keep"/>; returns how many.</summary>
    public async Task<int> TrimAsync(long keep, int batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var boundary = Command(connection, $"SELECT event_offset FROM {EventsTable} ORDER BY event_offset DESC LIMIT 1 OFFSET @keep");
        Add(boundary, "keep", keep);
        if (await boundary.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not { } value || value is DBNull) return 0;
        await using var command = Command(connection, $"""
            DELETE FROM {EventsTable} WHERE event_offset IN
              (SELECT event_offset FROM {EventsTable} WHERE event_offset <= @last ORDER BY event_offset LIMIT @batch)
            """);
        Add(command, "last", Convert.ToInt64(value));
        Add(command, "batch", batch);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The highest offset in the index; 0 when it is empty.</summary>
    public async Task<long> MaxOffsetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT MAX(event_offset) FROM {EventsTable}");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt64(value) : 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _postgres is not null ? _postgres.CreateConnection() : new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!_schemaReady) await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady) return;
            var bytes = _provider == PersistenceProvider.PostgreSql ? "BYTEA" : "BLOB";
            var ddl = $"""
                CREATE TABLE IF NOT EXISTS {EventsTable} (
                  event_offset BIGINT NOT NULL PRIMARY KEY,
                  event_id VARCHAR(64) NOT NULL,
                  camera_id VARCHAR(128) NOT NULL,
                  job_id VARCHAR(128) NOT NULL,
                  rule_id VARCHAR(128) NOT NULL,
                  event_type VARCHAR(64) NOT NULL,
                  wall_time_ms BIGINT NOT NULL,
                  payload {bytes} NOT NULL);
                CREATE INDEX IF NOT EXISTS {EventsTable}_camera ON {EventsTable} (camera_id, event_offset);
                CREATE INDEX IF NOT EXISTS {EventsTable}_job ON {EventsTable} (job_id, event_offset);
                CREATE INDEX IF NOT EXISTS {EventsTable}_wall_time ON {EventsTable} (wall_time_ms);
                CREATE TABLE IF NOT EXISTS {OffsetsTable} (
                  projection VARCHAR(64) NOT NULL PRIMARY KEY,
                  last_offset BIGINT NOT NULL);
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
