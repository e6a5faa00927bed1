using ActorVision.Delivery;
using ActorVision.Node.Tests.Cluster;
using ActorVision.Node.Tests.Support;
using MQTTnet.Protocol;
using Xunit.Abstractions;
using static ActorVision.Node.Tests.Delivery.DeliveryScenario;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>MQTT sinks on a real node publishing to a private Mosquitto broker, read by a real subscriber.</summary>
public sealed class MqttDeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_broker_receives_the_filtered_cameras_events_on_per_camera_and_rule_topics_with_credentials()
    {
        using var broker = await Mosquitto.StartAsync("actorvision", "broker-pass-9d2");
        using var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, "test-subscriber", "actorvision", "broker-pass-9d2");

        var passwordVariable = "AV_TEST_MQTT_PASSWORD_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(passwordVariable, "broker-pass-9d2");
        await using var node = await TestNode.StartAsync(FastSinkDefaults + $$"""
            actorvision.delivery.mqtt.broker {
              host = "127.0.0.1", port = {{broker.Port}}
              username = "actorvision", password-env = "{{passwordVariable}}"
              filter { cameras = [lobby] }
            }
            """);
        await PlayFilesAsync(node, "lobby", "yard");
        var journal = await JournalAsync(node);
        var lobby = journal.Where(e => e.Event.CameraId == "lobby").ToArray();
        Assert.True(lobby.Length >= 4 && journal.Any(e => e.Event.CameraId == "yard"), $"both cameras produced events: {journal.Count}");

        await WaitForSinkAsync(node, "broker", h => h.Position == journal[^1].Offset && h.Pending == 0, "caught up");
        await subscriber.WaitForAsync(m => m.Count >= lobby.Length, TimeSpan.FromSeconds(10), "lobby's events");

        var messages = subscriber.Received;
        Assert.Equal(lobby.Select(e => e.Id), messages.Select(m => m.EventId));
        Assert.All(messages, m =>
        {
            Assert.Equal("actorvision/events/lobby/middle", m.Topic);
            Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, m.Qos);
        });
        Assert.DoesNotContain(messages, m => m.CameraId == "yard");
        Assert.Equal(lobby.Select(e => e.Offset), messages.Select(m => m.Offset));

        var latencies = messages.Select(m => (m.At - m.WallTime).TotalMilliseconds).Order().ToArray();
        output.WriteLine($"delivery latency (mqtt), event recorded -> subscriber, n={latencies.Length}: " +
            $"median {latencies[latencies.Length / 2]:0} ms, p95 {latencies[(int)(latencies.Length * 0.95)]:0} ms, max {latencies[^1]:0} ms");
    }

    [Fact]
    public async Task A_broker_that_stops_and_comes_back_gets_every_event_in_order_per_camera()
    {
        using var broker = await Mosquitto.StartAsync(persistent: true);
        // A consumer with a persistent session: the broker keeps its subscription and queued messages across a restart.
        using var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, "test-consumer", persistentSession: true);
        await using var node = await TestNode.StartAsync(FastSinkDefaults + $$"""
            actorvision.delivery.mqtt.broker { host = "127.0.0.1", port = {{broker.Port}}, reconnect-min-backoff = 100ms, reconnect-max-backoff = 500ms }
            """);

        // Events while the broker is up...
        await PlayFilesAsync(node, "lobby");
        var before = await JournalAsync(node);
        await WaitForSinkAsync(node, "broker", h => h.Position == before[^1].Offset && h.Pending == 0, "lobby's events delivered");

        // ...while it is down (the sink keeps them and retries)...
        await broker.StopAsync();
        await PlayFilesAsync(node, "yard");
        var down = await WaitForSinkAsync(node, "broker", h => h.Failures >= 2 && h.State == SinkState.Retrying, "retrying while the broker is down");
        Assert.Equal(0, down.DeadLetters);

        // ...and after it came back: the sink reconnects and delivers the rest, the consumer gets what it missed.
        await broker.StartAgainAsync();
        await subscriber.ReconnectAsync();
        var journal = await JournalAsync(node);
        Assert.True(journal.Count > before.Count && journal.Skip(before.Count).All(e => e.Event.CameraId == "yard"), "yard's events came while the broker was down");
        var ids = journal.Select(e => e.Id).ToHashSet();
        await subscriber.WaitForAsync(m => ids.IsSubsetOf(m.Select(r => r.EventId)), Long, "every journal event");
        var health = await WaitForSinkAsync(node, "broker", h => h.Position == journal[^1].Offset && h.Pending == 0, "caught up");

        var received = subscriber.Received;
        Assert.Equal(0, health.DeadLetters);
        foreach (var camera in new[] { "lobby", "yard" })
        {
            // At least once: a message the broker took just before it stopped may come again; first arrivals keep the order.
            var firstArrivals = received.Where(m => m.CameraId == camera).Select(m => m.Offset).Distinct();
            Assert.Equal(journal.Where(e => e.Event.CameraId == camera).Select(e => e.Offset), firstArrivals);
        }
        output.WriteLine($"{before.Count} events before the broker stopped, {journal.Count - before.Count} while it was down " +
            $"({down.Failures} failed attempts, last: {down.LastError}); {received.Count} messages received, {received.Count - ids.Count} again");
    }

    [Fact]
    public async Task An_MQTT_sink_over_TLS_delivers_to_a_broker_its_CA_signed_and_refuses_one_it_cannot_verify()
    {
        using var authority = new TestCertificateAuthority("actorvision-test-mqtt-ca");
        var (certificate, key) = authority.IssuePemCertificate("broker.test");
        using var broker = await Mosquitto.StartAsync(tls: new BrokerTls(certificate, key));
        using var subscriber = await MqttSubscriber.ConnectAsync(broker.PlainPort, "test-subscriber");
        // secure trusts the test CA (the certificate names 127.0.0.1, checked, and broker.test); the system's trust store
        // does not know the CA (untrusting); misnamed has the right CA but expects another name on the certificate.
        await using var node = await TestNode.StartAsync(FastSinkDefaults + $$"""
            actorvision.delivery.mqtt {
              secure { host = "127.0.0.1", port = {{broker.Port}}, tls { enabled = true, ca-file = "{{authority.CertificatePath}}" } }
              untrusting { host = "127.0.0.1", port = {{broker.Port}}, topic-prefix = "untrusted/events", tls { enabled = true } }
              misnamed { host = "127.0.0.1", port = {{broker.Port}}, topic-prefix = "misnamed/events", tls { enabled = true, ca-file = "{{authority.CertificatePath}}", target-host = "other.test" } }
            }
            """);
        await PlayFilesAsync(node, "lobby");
        var journal = await JournalAsync(node);

        await subscriber.WaitForAsync(m => m.Count >= journal.Count, Long, "every event over TLS");
        Assert.Equal(journal.Select(e => e.Offset), subscriber.Received.Select(m => m.Offset));
        Assert.All(subscriber.Received, m => Assert.StartsWith("actorvision/events/", m.Topic));

        foreach (var (name, why) in new[] { ("untrusting", "the broker's certificate is not trusted by this system"), ("misnamed", "the broker's certificate does not name other.test") })
        {
            var refused = await WaitForSinkAsync(node, name, h => h.Failures >= 2 && h.State == SinkState.Retrying, "refusing the broker's certificate");
            Assert.Equal(0, refused.Delivered);
            Assert.Equal(0, refused.DeadLetters);
            Assert.Contains(why, refused.LastError);
            output.WriteLine($"{name}: {refused.LastError}");
        }
    }
}
