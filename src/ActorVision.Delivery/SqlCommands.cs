using System.Data.Common;
using Npgsql;

namespace ActorVision.Delivery;

/// <summary>ADO.NET plumbing shared by the node's own tables (event index, delivery positions), on SQLite or PostgreSQL.</summary>
public static class SqlCommands
{
    public static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Runs <c>CREATE ... IF NOT EXISTS</c> statements, tolerating another node creating the same tables at once.</summary>
    public static async Task CreateSchemaAsync(DbConnection connection, string ddl, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = Command(connection, ddl);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException ex) when (attempt < 3 && ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
                // PostgreSQL's IF NOT EXISTS is not atomic: the other node won; the next attempt sees its tables.
            }
        }
    }
}
