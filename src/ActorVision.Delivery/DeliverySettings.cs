using ActorVision.Common;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using ActorVision.Core.Events;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ActorVision.Delivery;

/// <summary>
/// Event delivery to other systems (<c>actorvision.delivery</c>, hocon/delivery.conf): webhook and MQTT sinks, each
/// run once per cluster. Every sink starts from <c>sink-defaults</c> and its kind's defaults, then its own settings.
/// </summary>
/// <param name="Role">Nodes with this role run the sinks; empty: any node.</param>
/// <param name="HealthInterval">How often each sink measures its lag and reports its health.</param>
public sealed partial record DeliverySettings(
    string Role,
    TimeSpan HealthInterval,
    IReadOnlyList<WebhookSinkSettings> Webhooks,
    IReadOnlyList<MqttSinkSettings> Mqtt)
{
    public const string ConfigPath = "actorvision.delivery";

    public static DeliverySettings None { get; } = new("", TimeSpan.FromSeconds(2), [], []);

    /// <summary>Enabled sinks of both kinds, by name.</summary>
    public IEnumerable<SinkSettings> Sinks => Webhooks.Select(w => w.Sink).Concat(Mqtt.Select(m => m.Sink)).Where(s => s.Enabled);

    /// <summary>Parses every sink, reporting all bad entries at once.</summary>
    /// <param name="environment">Reads the variables named by <c>secret-env</c> and <c>password-env</c>.</param>
    public static DeliverySettings FromConfig(Config root, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var delivery = root.GetConfig(ConfigPath);
        if (delivery is null || delivery.IsEmpty) return None;
        var sinkDefaults = delivery.GetConfig("sink-defaults") ?? Config.Empty;
        var errors = new List<string>();
        var webhooks = new List<WebhookSinkSettings>();
        var mqtt = new List<MqttSinkSettings>();
        var names = new HashSet<string>(StringComparer.Ordinal);

        void Each(string list, Config kindDefaults, Action<Config, string> parse)
        {
            foreach (var (name, entry) in Entries(delivery, list, errors))
            {
                var where = $"{ConfigPath}.{list}.{name}";
                try
                {
                    var c = entry.WithFallback(kindDefaults).WithFallback(sinkDefaults);
                    if (!NamePattern().IsMatch(name))
                        throw new ConfigurationException($"'{name}' is not a valid sink name: use 1-64 letters, digits, '-' or '_'");
                    if (!names.Add(name)) throw new ConfigurationException($"the name '{name}' is used by another sink");
                    parse(c, name);
                }
                catch (Exception ex) when (ex is ConfigurationException or FormatException or ArgumentException)
                {
                    errors.Add($"{where}: {ex.Message}");
                }
            }
        }

        Each("webhooks", delivery.GetConfig("webhook-defaults") ?? Config.Empty, (c, name) => webhooks.Add(ParseWebhook(c, name, environment)));
        Each("mqtt", delivery.GetConfig("mqtt-defaults") ?? Config.Empty, (c, name) => mqtt.Add(ParseMqtt(c, name, environment)));
        if (errors.Count > 0) throw new ConfigurationException("invalid delivery sinks: " + string.Join("; ", errors));

        var health = delivery.GetTimeSpan("health-interval", TimeSpan.FromSeconds(2));
        if (health <= TimeSpan.Zero) throw new ConfigurationException($"{ConfigPath}.health-interval must be positive");
        return new DeliverySettings(delivery.GetString("role", "").Trim(), health, webhooks, mqtt);
    }

    /// <summary>
    /// The sinks of one kind: an object keyed by sink name (<c>webhooks { alarm-panel { url = ... } }</c>), so that an
    /// override file or a <c># env VAR</c> declaration can change one field of one sink.
    /// </summary>
    private static IEnumerable<(string Name, Config Sink)> Entries(Config delivery, string list, List<string> errors)
    {
        if (!delivery.HasPath(list)) return [];
        var value = delivery.GetValue(list);
        if (value is null || value.IsEmpty) return [];
        if (!value.IsObject())
        {
            errors.Add($"{ConfigPath}.{list} must be an object of sinks by name: {list} {{ my-sink {{ ... }} }}");
            return [];
        }
        var entries = new List<(string, Config)>();
        foreach (var (name, element) in value.GetObject().Items)
        {
            if (!element.IsObject())
            {
                errors.Add($"{ConfigPath}.{list}.{name} must be an object {{ ... }}");
                continue;
            }
            entries.Add((name, new Config(new HoconRoot(element))));
        }
        return entries;
    }

    private static SinkSettings ParseSink(Config c, string name, SinkKind kind)
    {
        var retry = new RetryPolicy(
            Positive(c.GetInt("max-attempts", 10), "max-attempts"),
            Positive(c.GetTimeSpan("min-backoff", TimeSpan.FromSeconds(1)), "min-backoff"),
            Positive(c.GetTimeSpan("max-backoff", TimeSpan.FromSeconds(60)), "max-backoff"),
            c.GetDouble("random-factor", 0.2),
            c.GetBoolean("dead-letter-unreachable", false),
            Positive(c.GetTimeSpan("max-retry-after", TimeSpan.FromMinutes(5)), "max-retry-after"));
        if (retry.MaxBackoff < retry.MinBackoff) throw new ConfigurationException("max-backoff is shorter than min-backoff");
        if (retry.RandomFactor is < 0 or > 1) throw new ConfigurationException("random-factor must be between 0 and 1");
        var startFrom = c.GetString("start-from", "latest").Trim().ToLowerInvariant() switch
        {
            "latest" => StartPosition.Latest,
            "earliest" => StartPosition.Earliest,
            var other => throw new ConfigurationException($"start-from '{other}' is not latest or earliest"),
        };
        return new SinkSettings(
            name,
            kind,
            c.GetBoolean("enabled", true),
            ParseFilter(c.GetConfig("filter") ?? Config.Empty),
            retry,
            startFrom,
            Positive(c.GetInt("parallelism", 8), "parallelism"),
            Positive(c.GetInt("max-pending", 1000), "max-pending"),
            Positive(c.GetTimeSpan("commit-interval", TimeSpan.FromSeconds(1)), "commit-interval"),
            Positive(c.GetTimeSpan("timeout", TimeSpan.FromSeconds(10)), "timeout"));
    }

    private static SinkFilter ParseFilter(Config filter)
    {
        var types = new HashSet<AnalyticsEventType>();
        foreach (var type in filter.GetStringList("types"))
        {
            if (!Enum.TryParse<AnalyticsEventType>(type, ignoreCase: true, out var parsed) || parsed == AnalyticsEventType.Unspecified)
            {
                var known = string.Join(", ", Enum.GetValues<AnalyticsEventType>().Where(t => t != AnalyticsEventType.Unspecified));
                throw new ConfigurationException($"filter.types: '{type}' is not an event type ({known})");
            }
            types.Add(parsed);
        }
        return new SinkFilter(
            filter.GetStringList("cameras").ToHashSet(StringComparer.Ordinal),
            filter.GetStringList("rules").ToHashSet(StringComparer.Ordinal),
            types);
    }

    private static WebhookSinkSettings ParseWebhook(Config c, string name, Func<string, string?> environment)
    {
        var url = c.GetString("url", "");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigurationException($"url '{UrlRedaction.RedactEndpoint(url)}' is not an http(s) URL");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var headerConfig = c.GetConfig("headers");
        if (headerConfig is not null && !headerConfig.IsEmpty)
        {
            foreach (var header in headerConfig.AsEnumerable()) headers[header.Key] = header.Value.GetString();
        }
        return new WebhookSinkSettings(ParseSink(c, name, SinkKind.Webhook), uri, Secret(c, "secret", environment), headers);
    }

    private static MqttSinkSettings ParseMqtt(Config c, string name, Func<string, string?> environment)
    {
        var host = c.GetString("host", "");
        if (string.IsNullOrWhiteSpace(host)) throw new ConfigurationException("host is not set");
        var port = c.GetInt("port", 1883);
        if (port is < 1 or > 65535) throw new ConfigurationException($"port {port} is out of range");
        var qos = c.GetInt("qos", 1) switch
        {
            1 => MqttQualityOfServiceLevel.AtLeastOnce,
            2 => MqttQualityOfServiceLevel.ExactlyOnce,
            var other => throw new ConfigurationException($"qos {other}: use 1 or 2 (QoS 0 has no acknowledgement, so delivery could not be confirmed)"),
        };
        var version = c.GetString("protocol-version", "5").Trim() switch
        {
            "5" or "5.0" => MqttProtocolVersion.V500,
            "3.1.1" or "311" => MqttProtocolVersion.V311,
            var other => throw new ConfigurationException($"protocol-version '{other}' is not 5 or 3.1.1"),
        };
        var prefix = c.GetString("topic-prefix", "actorvision/events").Trim().TrimEnd('/');
        if (prefix.Length == 0 || prefix.IndexOfAny(['+', '#']) >= 0 || prefix.StartsWith('$'))
            throw new ConfigurationException($"topic-prefix '{prefix}' must be non-empty, without wildcards and not start with '$'");
        var tls = c.GetConfig("tls") ?? Config.Empty;
        var minBackoff = Positive(c.GetTimeSpan("reconnect-min-backoff", TimeSpan.FromSeconds(1)), "reconnect-min-backoff");
        var maxBackoff = Positive(c.GetTimeSpan("reconnect-max-backoff", TimeSpan.FromSeconds(30)), "reconnect-max-backoff");
        if (maxBackoff < minBackoff) throw new ConfigurationException("reconnect-max-backoff is shorter than reconnect-min-backoff");
        var clientId = c.GetString("client-id", "");
        return new MqttSinkSettings(
            ParseSink(c, name, SinkKind.Mqtt),
            host.Trim(),
            port,
            clientId.Length > 0 ? clientId : "actorvision-" + name,
            c.GetString("username", ""),
            Secret(c, "password", environment),
            new MqttTlsSettings(
                tls.GetBoolean("enabled", false),
                tls.GetString("ca-file", ""),
                tls.GetString("target-host", ""),
                tls.GetBoolean("allow-untrusted", false),
                tls.GetString("client-certificate", ""),
                Secret(tls, "client-certificate-password", environment)),
            version,
            prefix,
            qos,
            c.GetBoolean("retain", false),
            Positive(c.GetTimeSpan("keep-alive", TimeSpan.FromSeconds(30)), "keep-alive"),
            minBackoff,
            maxBackoff);
    }

    /// <summary>A secret from <c>&lt;key&gt;-env</c> (the name of an environment variable) when set, else from <c>&lt;key&gt;</c>.</summary>
    private static string Secret(Config c, string key, Func<string, string?> environment)
    {
        var variable = c.GetString(key + "-env", "");
        if (variable.Length == 0) return c.GetString(key, "");
        return environment(variable) is { Length: > 0 } value
            ? value
            : throw new ConfigurationException($"{key}-env names the environment variable {variable}, which is not set");
    }

    private static int Positive(int value, string key) =>
        value > 0 ? value : throw new ConfigurationException($"{key} must be at least 1");

    private static TimeSpan Positive(TimeSpan value, string key) =>
        value > TimeSpan.Zero ? value : throw new ConfigurationException($"{key} must be positive");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
