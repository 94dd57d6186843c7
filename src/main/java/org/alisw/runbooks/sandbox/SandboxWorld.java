package org.alisw.runbooks.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated world on disk, so that the sandbox keeps its servers, volumes, keypairs, Foreman
 * hosts, Certmgr stagings, Roger states, SSH host keys and Mesos state across restarts, as the real
 * infrastructure outlives the engine. One JSON snapshot ({@value #FILE}) in the configured
 * directory, each simulator's state under its own name ({@link #attach}).
 *
 * <p>Write-through: every simulator calls {@link SimulatedDataCentre#beforeAnswer()} right before
 * it answers a request, which calls {@link #save()}: the whole world is serialized and, if it
 * differs from what is on disk, written to a temporary file and moved over the snapshot atomically
 * (answers that come at once share one write).
 * A crash leaves the previous snapshot or the new one, never half of one; an answer a client saw
 * is on disk. Faults injected by tests and the requests the simulators recorded are not world
 * state and are not kept; neither are Keystone tokens (clients log in again).
 *
 * <p>A snapshot that cannot be read stops the start with a message naming the file and how to
 * start afresh (delete the folder). One sandbox at a time uses a directory (a file lock).
 */
public final class SandboxWorld implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SandboxWorld.class);

  /** Where the world is kept; the default sits beside the H2 file of application.yaml. */
  public static final String DIRECTORY_PROPERTY = "runbooks.sandbox.data-directory";

  public static final String DEFAULT_DIRECTORY = "./data/sandbox";
  /** The directory setting for a world that is not kept on disk ({@link #notKept()}). */
  public static final String NOT_KEPT = "none";
  static final String FILE = "world.json";
  static final String LOCK = "world.lock";
  static final int VERSION = 1;

  /** One simulator's share of the world: what it holds now, and how to take an earlier state back. */
  public interface Part {
    /** The state now, as values Jackson writes (records, lists, maps, strings, numbers, instants). */
    Object snapshot();

    /** Takes back a state {@link #snapshot()} gave; called once, before any request is served. */
    void restore(JsonNode state) throws IOException;
  }

  /** A part whose snapshot is one record type {@code T}. */
  public static <T> Part part(Class<T> type, Supplier<T> snapshot, Consumer<T> restore) {
    return new Part() {
      @Override
      public Object snapshot() {
        return snapshot.get();
      }

      @Override
      public void restore(JsonNode state) throws IOException {
        restore.accept(JSON.treeToValue(state, type));
      }
    };
  }

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          // A field a later version dropped is no reason to lose the world.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final Path directory;
  private final Path file;
  private final Map<String, JsonNode> loaded;
  private final Map<String, Part> parts = new LinkedHashMap<>();
  private final FileChannel lockChannel;
  private final FileLock lock;
  private byte[] written;
  private boolean closed;
  /** Group commit ({@link #save}): calls numbered as they come, and the last number a write covered. */
  private final AtomicLong requested = new AtomicLong();
  private final Object writing = new Object();
  private long savedUpTo;

  private SandboxWorld(Path directory, Map<String, JsonNode> loaded, byte[] written, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.file = directory == null ? null : directory.resolve(FILE);
    this.loaded = loaded;
    this.written = written;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * A world kept in memory only ({@value #NOT_KEPT} as the directory): the simulators start from
   * the seeded data centre and nothing is written. For measurements of the engine, where writing
   * the whole world before every answer would be what is measured.
   */
  public static SandboxWorld notKept() {
    return new SandboxWorld(null, Map.of(), null, null, null);
  }

  /**
   * The world kept in {@code directory} (created if missing): the snapshot there, if any, is read
   * now and handed to each part as it {@link #attach attaches}.
   *
   * @throws IllegalStateException when the snapshot cannot be read, or another sandbox uses the
   *     directory; the message names the file and how to start afresh
   */
  public static SandboxWorld open(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw new IllegalStateException(
            "Another sandbox is using the world in " + dir + "; stop it, or give this one its own "
                + DIRECTORY_PROPERTY);
      }
      Path file = dir.resolve(FILE);
      if (!Files.exists(file)) {
        log.info("Sandbox world: none in {} yet, starting from the seeded data centre", dir);
        return new SandboxWorld(dir, Map.of(), null, channel, lock);
      }
      byte[] bytes = Files.readAllBytes(file);
      Map<String, JsonNode> parts = parse(file, bytes);
      log.info("Sandbox world: restoring {} from {}", parts.keySet(), file);
      return new SandboxWorld(dir, parts, bytes, channel, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      if (e instanceof IllegalStateException refused) {
        throw refused;
      }
      throw unreadable(dir.resolve(FILE), e.toString(), e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another sandbox in this JVM
    }
  }

  private static Map<String, JsonNode> parse(Path file, byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw unreadable(file, "not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw unreadable(file, e.toString(), e);
    }
    if (root == null || !root.isObject() || !root.path("parts").isObject()) {
      throw unreadable(file, "not a sandbox world snapshot (no \"parts\" object)", null);
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw unreadable(file, "snapshot version " + root.path("version") + ", this sandbox reads version " + VERSION, null);
    }
    Map<String, JsonNode> parts = new LinkedHashMap<>();
    root.get("parts").fields().forEachRemaining(e -> parts.put(e.getKey(), e.getValue()));
    return Map.copyOf(parts);
  }

  private static IllegalStateException unreadable(Path file, String why, Exception cause) {
    return new IllegalStateException(
        "The sandbox world snapshot " + file + " cannot be read: " + why + ". To start again from the"
            + " seeded data centre, stop the sandbox and delete the folder " + file.getParent()
            + " (the simulated servers, volumes and keys in it are lost).",
        cause);
  }

  /** The directory the world is kept in. */
  public Path directory() {
    return directory;
  }

  /** True when the directory held a snapshot with a part of this name. */
  public synchronized boolean has(String name) {
    return loaded.containsKey(name);
  }

  /**
   * Adds a simulator's part: its state from the snapshot, if there is one, is restored now;
   * from now on every {@link #save()} writes it.
   */
  public synchronized void attach(String name, Part part) {
    if (parts.containsKey(name)) {
      throw new IllegalStateException("a part named " + name + " is attached already");
    }
    JsonNode state = loaded.get(name);
    if (state != null) {
      try {
        part.restore(state);
      } catch (IOException | RuntimeException e) {
        throw unreadable(file, "its part \"" + name + "\" does not fit this sandbox (" + e.getMessage() + ")", e);
      }
    }
    parts.put(name, part);
  }

  /**
   * Returns once the world as it is now is on disk: written if it changed since the last write, to
   * a temporary file in the same directory, then moved over the snapshot in one step.
   *
   * <p>Group commit: callers that arrive while a write is under way wait for it to end, and the
   * next write serves all of them at once, because it starts after each of them asked and so
   * holds every change they made before asking. With hundreds of answers at once this writes the
   * world a few times a second instead of once per answer, and no answer goes out before the
   * state it reports is on disk.
   *
   * @throws UncheckedIOException when it cannot be written (the simulator then does not answer)
   */
  public void save() {
    long mine = requested.incrementAndGet();
    synchronized (writing) {
      if (savedUpTo >= mine) {
        return; // a write that started after this call has ended
      }
      long covers = requested.get();
      writeIfChanged();
      savedUpTo = covers;
    }
  }

  private synchronized void writeIfChanged() {
    if (closed || parts.isEmpty() || file == null) {
      return;
    }
    byte[] bytes = serialize();
    if (Arrays.equals(bytes, written)) {
      return;
    }
    Path temporary = null;
    try {
      temporary = Files.createTempFile(directory, FILE + ".", ".tmp");
      Files.write(temporary, bytes);
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      written = bytes;
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new UncheckedIOException("cannot write the sandbox world to " + file, e);
    }
  }

  /** The snapshot as it would be written now. */
  synchronized byte[] serialize() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ObjectNode out = root.putObject("parts");
    parts.forEach((name, part) -> out.set(name, JSON.valueToTree(part.snapshot())));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the sandbox world cannot be written as JSON", e);
    }
  }

  /** Writes a last time and lets another sandbox use the directory. */
  @Override
  public void close() {
    // The same lock order as save(): the write lock, then this.
    synchronized (writing) {
      synchronized (this) {
        if (closed) {
          return;
        }
        try {
          writeIfChanged();
        } catch (RuntimeException e) {
          log.warn("Sandbox world: the last snapshot could not be written: {}", e.toString());
        }
        closed = true;
        if (lock != null) {
          try {
            lock.release();
          } catch (IOException e) {
            log.debug("Sandbox world: releasing the lock: {}", e.toString());
          }
        }
        closeQuietly(lockChannel);
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to do
      }
    }
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // a stray temporary file is harmless
      }
    }
  }
}
