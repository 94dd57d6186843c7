package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The SSH client's sockets have Nagle's algorithm off, however sshj asks for them. */
class NoDelaySocketFactoryTest {

  private final NoDelaySocketFactory factory = NoDelaySocketFactory.INSTANCE;

  @Test
  void anUnconnectedSocketAsSshjCreatesIt() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Socket socket = factory.createSocket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort()), 5_000);
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void connectedSocketsToo() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket listening = new ServerSocket(0, 5, loopback);
        Socket byName = factory.createSocket(loopback.getHostAddress(), listening.getLocalPort());
        Socket byAddress = factory.createSocket(loopback, listening.getLocalPort());
        Socket byNameFromLocal = factory.createSocket(loopback.getHostAddress(), listening.getLocalPort(), loopback, 0);
        Socket byAddressFromLocal = factory.createSocket(loopback, listening.getLocalPort(), loopback, 0)) {
      for (Socket socket : new Socket[] {byName, byAddress, byNameFromLocal, byAddressFromLocal}) {
        assertThat(socket.isConnected()).isTrue();
        assertThat(socket.getTcpNoDelay()).isTrue();
      }
    }
  }
}
