using Akka.Configuration;
using ActorVision.Node;
using ActorVision.Node.Configuration;

// actorvision-node: one node of an ActorVision cluster (see README.md and hocon/actorvision.conf).
try
{
    var commandLine = NodeCommandLine.Parse(args);
    var app = NodeHost.Build(commandLine);
    await app.RunAsync();
    return 0;
}
catch (NodeUsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (ConfigurationException ex)
{
    Console.Error.WriteLine($"actorvision-node: configuration error: {ex.Message}");
    return 2;
}
