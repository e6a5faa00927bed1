using Akka.Hosting;

namespace ActorVision.Node.Demo;

public static class ConsoleEventsHosting
{
    public static AkkaConfigurationBuilder AddConsoleEvents(this AkkaConfigurationBuilder builder, TextWriter? output = null) =>
        builder.WithActors((system, _) => system.ActorOf(ConsoleEventPrinter.Props(output ?? Console.Out), "console-events"));
}
