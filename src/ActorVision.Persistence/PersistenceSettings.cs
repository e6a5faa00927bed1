using Akka.Configuration;

namespace ActorVision.Persistence;

public enum PersistenceProvider
{
    /// <summary>An embedded file: the single-node default.</summary>
    Sqlite,
    /// <summary>Shared by every node of a multi-node cluster.</summary>
    PostgreSql,
}

/// <summary>Journal and snapshot store of every persistent entity (<c>actorvision.persistence</c>).</summary>
public sealed record PersistenceSettings(PersistenceProvider Provider, string ConnectionString, int SnapshotEvery, TimeSpan QueryRefreshInterval)
{
    /// <summary>linq2db's provider name, as Akka.Persistence.Sql expects it.</summary>
    public string LinqToDbProviderName => Provider switch
    {
        PersistenceProvider.Sqlite => LinqToDB.ProviderName.SQLiteMS,
        PersistenceProvider.PostgreSql => LinqToDB.ProviderName.PostgreSQL15,
        _ => throw new ArgumentOutOfRangeException(nameof(Provider), Provider, null),
    };

    public static PersistenceSettings FromConfig(Config persistence, string dataFolder)
    {
        var providerName = persistence.GetString("provider", "sqlite").Trim().ToLowerInvariant();
        var snapshotEvery = persistence.GetInt("snapshot-every", 200);
        if (snapshotEvery < 1) throw new ConfigurationException("actorvision.persistence.snapshot-every must be at least 1");
        var refresh = persistence.GetTimeSpan("query-refresh-interval", TimeSpan.FromMilliseconds(250));
        return providerName switch
        {
            "sqlite" => new PersistenceSettings(
                PersistenceProvider.Sqlite,
                SqliteConnectionString(Path.Combine(dataFolder, persistence.GetString("sqlite-file", "actorvision.db"))),
                snapshotEvery,
                refresh),
            "postgresql" or "postgres" => new PersistenceSettings(
                PersistenceProvider.PostgreSql,
                persistence.GetString("postgresql-connection-string")
                    ?? throw new ConfigurationException("actorvision.persistence.postgresql-connection-string is required for provider postgresql"),
                snapshotEvery,
                refresh),
            _ => throw new ConfigurationException($"actorvision.persistence.provider: '{providerName}' is not one of sqlite, postgresql"),
        };
    }

    private static string SqliteConnectionString(string file) => $"Data Source={file};Cache=Private;Pooling=True";
}
