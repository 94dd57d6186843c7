package org.alisw.runbooks.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time over an interval from Linux's /proc: the engine's process, this JVM (the simulators),
 * and the whole machine's busy share (everything else running on it included). Tells whether a
 * fleet was bound by the processors rather than by the engine's scheduling.
 */
final class CpuUse {

  /** USER_HZ: /proc reports CPU times in ticks of 1/100 s on Linux. */
  private static final double TICK = 0.01;

  private final long enginePid;
  private final long started;
  private final double engine0;
  private final double self0;
  private final long[] machine0;

  private CpuUse(long enginePid) {
    this.enginePid = enginePid;
    this.started = System.nanoTime();
    this.engine0 = processSeconds(enginePid);
    this.self0 = processSeconds(ProcessHandle.current().pid());
    this.machine0 = machine();
  }

  static CpuUse start(long enginePid) {
    return new CpuUse(enginePid);
  }

  /**
   * @param engineSeconds CPU seconds the engine's JVM used
   * @param simulatorSeconds CPU seconds this JVM (simulators, REST client) used
   * @param machineBusy share of all processors' time not idle, 0..1
   * @param cores processors of the machine
   */
  record Used(double wallSeconds, double engineSeconds, double simulatorSeconds, double machineBusy, int cores) {}

  Used stop() {
    long[] machine1 = machine();
    long busy = (machine1[0] - machine0[0]);
    long total = (machine1[1] - machine0[1]);
    return new Used((System.nanoTime() - started) / 1e9, processSeconds(enginePid) - engine0,
        processSeconds(ProcessHandle.current().pid()) - self0, total == 0 ? 0 : (double) busy / total,
        Runtime.getRuntime().availableProcessors());
  }

  /** utime + stime of a process, seconds. */
  private static double processSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // After the command name in parentheses: state is field 3, utime 14, stime 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK;
    } catch (IOException e) {
      throw new UncheckedIOException("no /proc/" + pid + "/stat (Linux only)", e);
    }
  }

  /** {busy, total} ticks of all processors since boot. */
  private static long[] machine() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException e) {
      throw new UncheckedIOException("no /proc/stat (Linux only)", e);
    }
  }
}
