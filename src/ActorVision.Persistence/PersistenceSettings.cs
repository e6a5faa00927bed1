using Akka.Configuration;
using Npgsql;

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
            "postgresql" or "postgres" => new PersistenceSettings(PersistenceProvider.PostgreSql, PostgreSqlConnectionString(persistence), snapshotEvery, refresh),
            _ => throw new ConfigurationException($"actorvision.persistence.provider: '{providerName}' is not one of sqlite, postgresql"),
        };
    }

    /// <summary>
    /// The connection string with the password from <c>postgresql-password-file</c> (a Docker or Kubernetes secret),
    /// and <c>postgresql-ssl-mode</c> and <c>postgresql-root-certificate</c> applied over what it says.
    /// </summary>
    private static string PostgreSqlConnectionString(Config persistence)
    {
        const string Key = "actorvision.persistence.";
        var text = persistence.GetString("postgresql-connection-string", "");
        if (string.IsNullOrWhiteSpace(text)) throw new ConfigurationException(Key + "postgresql-connection-string is required for provider postgresql");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            // Not the text itself: it may hold a password.
            throw new ConfigurationException($"{Key}postgresql-connection-string is not a valid connection string: {ex.Message}");
        }
        if (persistence.GetString("postgresql-password-file", "") is { Length: > 0 } passwordFile)
        {
            try
            {
                builder.Password = File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"{Key}postgresql-password-file: cannot read '{passwordFile}': {ex.Message}");
            }
        }
        if (persistence.GetString("postgresql-ssl-mode", "") is { Length: > 0 } sslMode)
        {
            builder.SslMode = sslMode.Trim().ToLowerInvariant() switch
            {
                "disable" => SslMode.Disable,
                "allow" => SslMode.Allow,
                "prefer" => SslMode.Prefer,
                "require" => SslMode.Require,
                "verify-ca" => SslMode.VerifyCA,
                "verify-full" => SslMode.VerifyFull,
                _ => throw new ConfigurationException($"{Key}postgresql-ssl-mode: '{sslMode}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
            };
        }
        if (persistence.GetString("postgresql-root-certificate", "") is { Length: > 0 } root)
        {
            if (!File.Exists(root)) throw new ConfigurationException($"{Key}postgresql-root-certificate: '{root}' does not exist");
            builder.RootCertificate = root;
        }
        if (builder.SslMode is SslMode.VerifyCA or SslMode.VerifyFull && string.IsNullOrEmpty(builder.RootCertificate))
            throw new ConfigurationException($"{Key}postgresql-ssl-mode {Name(builder.SslMode)} checks the server's certificate: set postgresql-root-certificate to the CA that signs it");
        return builder.ConnectionString;

        static string Name(SslMode m) => m == SslMode.VerifyCA ? "verify-ca" : "verify-full";
    }

    private static string SqliteConnectionString(string file) => $"Data Source={file};Cache=Private;Pooling=True";
}
