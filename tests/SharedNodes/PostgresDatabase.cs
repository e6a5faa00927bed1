using Npgsql;

namespace ActorVision.Tests;

/// <summary>
/// A fresh PostgreSQL database for one test, on the server scripts/setup.sh starts (role and password
/// <c>actorvision</c>; override the server with AV_TEST_POSTGRES). Dropped on dispose.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=actorvision;Password=actorvision";
    private readonly string _server;

    private PostgresDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>HOCON that points a node's persistence at this database.</summary>
    public string Hocon => $"actorvision.persistence {{ provider = postgresql, postgresql-connection-string = \"{ConnectionString}\" }}";

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("AV_TEST_POSTGRES") ?? DefaultServer;
        var name = "av_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new PostgresDatabase(server, name);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
