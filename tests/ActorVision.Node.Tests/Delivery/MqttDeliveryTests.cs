using System.Collections.Concurrent;
using System.Text.Json;
using ActorVision.Node.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;
using static ActorVision.Node.Tests.Delivery.DeliveryScenario;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>An MQTT sink on a real node publishing to a private Mosquitto broker, read by a real subscriber.</summary>
public sealed class MqttDeliveryTests(ITestOutputHelper output)
{
    private sealed record Received(string Topic, string EventId, string CameraId, long Offset, DateTime WallTime, MqttQualityOfServiceLevel Qos, DateTime At);

    [Fact]
    public async Task The_broker_receives_the_filtered_cameras_events_on_per_camera_and_rule_topics_with_credentials()
    {
        using var broker = await Mosquitto.StartAsync("actorvision", "broker-pass-9d2");
        var received = new ConcurrentQueue<Received>();
        var factory = new MqttClientFactory();
        using var subscriber = factory.CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            using var json = JsonDocument.Parse(e.ApplicationMessage.ConvertPayloadToString());
            var root = json.RootElement;
            received.Enqueue(new Received(e.ApplicationMessage.Topic, root.GetProperty("id").GetString()!, root.GetProperty("cameraId").GetString()!,
                long.Parse(root.GetProperty("offset").GetString()!), root.GetProperty("wallTime").GetDateTime().ToUniversalTime(),
                e.ApplicationMessage.QualityOfServiceLevel, DateTime.UtcNow));
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port)
            .WithCredentials("actorvision", "broker-pass-9d2").WithClientId("test-subscriber").Build());
        await subscriber.SubscribeAsync(factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter("actorvision/events/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());

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
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (received.Count < lobby.Length && DateTime.UtcNow < deadline) await Task.Delay(20);

        var messages = received.ToArray();
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
}
