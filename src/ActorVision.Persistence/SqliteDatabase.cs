using Microsoft.Data.Sqlite;

namespace ActorVision.Persistence;

/// <summary>Prepares the embedded SQLite database before the journal opens it.</summary>
public static class SqliteDatabase
{
    /// <summary>
    /// Switches the file to write-ahead logging (a persistent property of the file): event queries and the
    /// dashboard then read while cameras write, instead of waiting for each other.
    /// </summary>
    public static void Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
