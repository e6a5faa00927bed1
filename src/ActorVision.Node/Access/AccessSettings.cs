using System.Text.RegularExpressions;
using Akka.Configuration;

namespace ActorVision.Node.Access;

/// <summary>
/// Who may call the node (<c>actorvision.api</c>): the admin key (<c>api-key</c>), the viewer key (<c>viewer-key</c>),
/// more named keys (<c>keys { name { role, key | key-file } }</c>), each also from a file (Kubernetes secrets), the
/// Host names the node answers to, and how long a dashboard sign-in lasts.
/// </summary>
public sealed partial record AccessSettings(AccessKeys Keys, IReadOnlyList<string> AllowedHosts, TimeSpan SessionLifetime)
{
    /// <summary>Names the shipped configuration gives the single keys.</summary>
    public const string AdminKeyName = "admin";
    public const string ViewerKeyName = "viewer";

    /// <summary>No keys, every Host: what a node on loopback runs with unless it is given keys.</summary>
    public static AccessSettings Open { get; } = new(AccessKeys.None, ["*"], TimeSpan.FromHours(12));

    /// <param name="api">The <c>actorvision.api</c> section.</param>
    /// <param name="defaultHosts">The Host names allowed when <c>allowed-hosts</c> is empty (loopback and the node's own names).</param>
    public static AccessSettings FromConfig(Config api, IEnumerable<string> defaultHosts)
    {
        var errors = new List<string>();
        var keys = new List<(Caller Caller, string Key)>();
        AddKey(api, "api-key", new Caller(AdminKeyName, AccessRole.Admin), keys, errors);
        AddKey(api, "viewer-key", new Caller(ViewerKeyName, AccessRole.Viewer), keys, errors);
        if (api.GetConfig("keys") is { IsEmpty: false } named)
        {
            foreach (var entry in named.AsEnumerable())
            {
                var path = $"actorvision.api.keys.{entry.Key}";
                var own = named.GetConfig(entry.Key);
                if (!KeyName().IsMatch(entry.Key) || entry.Key is AdminKeyName or ViewerKeyName)
                {
                    errors.Add($"{path}: a key's name must be 1-64 lower-case letters, digits, '-' or '_', and not '{AdminKeyName}' or '{ViewerKeyName}'");
                    continue;
                }
                AccessRole? role = own.GetString("role", "") switch
                {
                    "viewer" => AccessRole.Viewer,
                    "admin" => AccessRole.Admin,
                    _ => null,
                };
                if (role is null)
                {
                    errors.Add($"{path}.role: '{own.GetString("role", "")}' is not viewer or admin");
                    continue;
                }
                var countBefore = keys.Count;
                AddKey(own, "key", new Caller(entry.Key, role.Value), keys, errors, path + ".");
                if (keys.Count == countBefore && !errors.Any(e => e.StartsWith(path, StringComparison.Ordinal)))
                    errors.Add($"{path}: set key or key-file");
            }
        }
        foreach (var twin in keys.GroupBy(k => k.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"actorvision.api: keys {string.Join(" and ", twin.Select(k => $"'{k.Caller.Name}'"))} are the same key; give each its own");
        if (errors.Count > 0) throw new ConfigurationException(string.Join("; ", errors));

        var hosts = api.GetStringList("allowed-hosts").Concat(Csv(api.GetString("allowed-hosts-csv", "")))
            .Select(h => h.Trim()).Where(h => h.Length > 0).ToArray();
        var lifetime = api.GetTimeSpan("session-lifetime", TimeSpan.FromHours(12));
        if (lifetime < TimeSpan.FromMinutes(1) || lifetime > TimeSpan.FromDays(30))
            throw new ConfigurationException("actorvision.api.session-lifetime must be between 1m and 30d");
        return new AccessSettings(new AccessKeys(keys), hosts.Length > 0 ? hosts : defaultHosts.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), lifetime);
    }

    /// <summary>Reads <c>{name}</c> and <c>{name}-file</c>: at most one of them set, the key fit for use.</summary>
    private static void AddKey(Config section, string name, Caller caller, List<(Caller, string)> keys, List<string> errors, string? prefix = null)
    {
        var path = (prefix ?? "actorvision.api.") + name;
        var inline = section.GetString(name, "") ?? "";
        var file = section.GetString(name + "-file", "") ?? "";
        if (inline.Length > 0 && file.Length > 0)
        {
            errors.Add($"{path} and {path}-file are both set; set one");
            return;
        }
        string key;
        if (file.Length > 0)
        {
            try
            {
                // Secret files usually end with a newline; the key is the line.
                key = File.ReadAllText(file).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{path}-file: cannot read '{file}': {ex.Message}");
                return;
            }
            if (key.Length == 0)
            {
                errors.Add($"{path}-file: '{file}' is empty");
                return;
            }
            path += "-file";
        }
        else if (inline.Length > 0)
        {
            key = inline;
        }
        else
        {
            return;
        }
        if (AccessKeys.Problem(key) is { } problem)
        {
            errors.Add($"{path}: the key {problem}");
            return;
        }
        keys.Add((caller, key));
    }

    private static IEnumerable<string> Csv(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex KeyName();
}
