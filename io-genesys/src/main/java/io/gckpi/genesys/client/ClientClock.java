package io.gckpi.genesys.client;

/**
 * Time as the client sees it: the seam that lets tests drive rate limiting, backoff and the circuit
 * breaker with a fake clock instead of sleeping for real.
 */
public interface ClientClock {

  ClientClock SYSTEM =
      new ClientClock() {
        @Override
        public long nowMillis() {
          return System.currentTimeMillis();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
          if (millis > 0) {
            Thread.sleep(millis);
          }
        }
      };

  long nowMillis();

  void sleep(long millis) throws InterruptedException;
}
