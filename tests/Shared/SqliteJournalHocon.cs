namespace ActorVision.Tests;

/// <summary>
/// The journal a node runs (Akka.Persistence.Sql with its tag table and events-by-tag query, the cameras' and jobs'
/// taggers) on an SQLite file, as HOCON for a TestKit's actor system. Add ActorVisionSerialization's bindings and
/// Akka.Persistence.Sql's defaults as fallbacks.
/// </summary>
public static class SqliteJournalHocon
{
    public static string For(string connectionString, string providerName) => $$"""
        akka.persistence.journal.plugin = "akka.persistence.journal.sql"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.persistence.journal.sql {
          connection-string = "{{connectionString}}"
          provider-name = "{{providerName}}"
          tag-write-mode = TagTable
          auto-initialize = true
          event-adapters {
            camera-tagger = "ActorVision.Persistence.Cameras.CameraEventTagger, ActorVision.Persistence"
            job-tagger = "ActorVision.Persistence.Jobs.JobEventTagger, ActorVision.Persistence"
          }
          event-adapter-bindings {
            "ActorVision.Domain.Cameras.Messages.ICameraEvent, ActorVision.Domain" = camera-tagger
            "ActorVision.Domain.Jobs.Messages.IJobEvent, ActorVision.Domain" = job-tagger
          }
        }
        akka.persistence.query.journal.sql {
          connection-string = "{{connectionString}}"
          provider-name = "{{providerName}}"
          tag-read-mode = TagTable
          refresh-interval = 100ms
        }
        """;
}
