using Akka.Configuration;
using ActorVision.Core.Events;
using ActorVision.Tests;
using MQTTnet.Protocol;
using ActorVision.Delivery.Sinks;

namespace ActorVision.Delivery.Tests;

public sealed class DeliverySettingsTests
{
    private static readonly Config Shipped = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "delivery.conf")));

    private static DeliverySettings Parse(string hocon, Func<string, string?>? environment = null) =>
        DeliverySettings.FromConfig(ConfigurationFactory.ParseString(hocon).WithFallback(Shipped), environment ?? (_ => null));

    [Fact]
    public void The_shipped_file_declares_no_sinks()
    {
        var settings = DeliverySettings.FromConfig(Shipped);
        Assert.Empty(settings.Sinks);
        Assert.Equal("", settings.Role);
    }

    [Fact]
    public void Sinks_are_keyed_by_name_and_take_the_defaults_then_their_own_settings()
    {
        var settings = Parse("""
            actorvision.delivery {
              sink-defaults { max-attempts = 4 }
              webhooks.alarm-panel {
                url = "https://alarms.example.com/av?token=abc"
                secret-env = "ALARM_SECRET"
                min-backoff = 200ms
                filter { cameras = [lobby], types = [LineCrossed, loiteringstarted] }
                headers { Authorization = "Bearer xyz" }
              }
              mqtt.home { host = "broker.local", username = "av", password-env = "MQTT_PASS", qos = 1 }
            }
            """, v => v switch { "ALARM_SECRET" => "alarm-secret", "MQTT_PASS" => "mqtt-pass", _ => null });

        var hook = Assert.Single(settings.Webhooks);
        Assert.Equal("alarm-panel", hook.Sink.Name);
        Assert.Equal("alarm-secret", hook.Secret);
        Assert.Equal(4, hook.Sink.Retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), hook.Sink.Retry.MinBackoff);
        Assert.Equal(TimeSpan.FromSeconds(60), hook.Sink.Retry.MaxBackoff);
        Assert.Equal(StartPosition.Latest, hook.Sink.StartFrom);
        Assert.Equal(["lobby"], hook.Sink.Filter.Cameras);
        Assert.Equal([AnalyticsEventType.LineCrossed, AnalyticsEventType.LoiteringStarted], hook.Sink.Filter.Types.Order());
        Assert.Equal("Bearer xyz", hook.Headers["Authorization"]);

        var mqtt = Assert.Single(settings.Mqtt);
        Assert.Equal(("broker.local", 1883, "av", "mqtt-pass"), (mqtt.Host, mqtt.Port, mqtt.Username, mqtt.Password));
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, mqtt.QualityOfService);
        Assert.Equal("actorvision-home", mqtt.ClientId);
        Assert.Equal("actorvision/events", mqtt.TopicPrefix);
    }

    [Fact]
    public void What_is_shown_of_a_sink_carries_no_credentials()
    {
        var settings = Parse("""
            actorvision.delivery {
              webhooks.hook { url = "https://user:pw-in-url@hooks.example.com:8443/av?token=tok-in-query", secret = "hmac-secret" }
              webhooks.slack { url = "https://hooks.slack.com/services/T0AAA1111/B0BBB2222/tokenInThePath1234567890", secret = "s" }
              mqtt.broker { host = "broker.local", username = "av", password = "mqtt-secret" }
            }
            """);
        var shown = string.Join("\n", settings.Webhooks.Select(w => w.ToString() + SinkTargets.Describe(w.Url))
            .Concat(settings.Mqtt.Select(m => m.ToString() + m.Target)));
        Assert.Contains("https://***@hooks.example.com:8443/av?token=***", shown);
        Assert.Contains("https://hooks.slack.com/services/***/***/***", shown);
        foreach (var secret in new[] { "pw-in-url", "tok-in-query", "hmac-secret", "mqtt-secret", "tokenInThePath", "T0AAA1111" }) Assert.DoesNotContain(secret, shown);
    }

    [Fact]
    public void Every_bad_sink_is_reported_at_once_and_nothing_is_accepted()
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse("""
            actorvision.delivery {
              webhooks {
                no-url { }
                bad-type { url = "http://x/", filter.types = [Explosion] }
                env { url = "http://x/", secret-env = "NOT_SET_ANYWHERE" }
              }
              mqtt {
                qos0 { host = "b", qos = 0 }
                backoff { host = "b", min-backoff = 10s, max-backoff = 1s }
              }
            }
            """));
        Assert.Contains("webhooks.no-url: url '' is not an http(s) URL", error.Message);
        Assert.Contains("webhooks.bad-type: filter.types: 'Explosion' is not an event type", error.Message);
        Assert.Contains("webhooks.env: secret-env names the environment variable NOT_SET_ANYWHERE, which is not set", error.Message);
        Assert.Contains("mqtt.qos0: qos 0", error.Message);
        Assert.Contains("mqtt.backoff: max-backoff is shorter than min-backoff", error.Message);
    }

    [Fact]
    public void A_disabled_sink_is_parsed_but_not_run()
    {
        var settings = Parse("""actorvision.delivery.webhooks.off { url = "http://x/", enabled = false }""");
        Assert.Single(settings.Webhooks);
        Assert.Empty(settings.Sinks);
    }

    [Fact]
    public void MQTT_topics_are_prefix_camera_rule_and_never_change_shape()
    {
        Assert.Equal("av/lobby/door", MqttTopics.For("av", DeliveryTestEvents.Event("lobby", "door")));
        Assert.Equal("av/a_b/r_", MqttTopics.For("av", DeliveryTestEvents.Event("a/b", "r#")));
    }
}
