package dev.backstop.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main.cf of a private instance. Why these values: the instance must not share anything with the system's
 * Postfix (own queue, data directory and log file), must not use DNS or leave loopback (relayhost by address,
 * DNS disabled, inet_interfaces 127.0.0.1), must deliver nothing locally (mydestination and alias maps empty),
 * must log without syslog (maillog_file through postlogd; the file must lie under maillog_file_prefixes) and
 * must be fast in tests (retry timers of seconds, no in_flow_delay or error sleeps, no postmaster notices that
 * would land in the sink).
 */
final class MainCf {

  private MainCf() {}

  /** The defaults; relayPort 0 means no relay (mail stays deferred). Tests override any of them. */
  static Map<String, String> defaults(Path queueDir, Path dataDir, Path maillog, String hostname, int relayPort) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("compatibility_level", "3.6");
    p.put("queue_directory", queueDir.toString());
    p.put("data_directory", dataDir.toString());
    p.put("command_directory", "/usr/sbin");
    p.put("daemon_directory", "/usr/lib/postfix/sbin");
    p.put("meta_directory", "/etc/postfix");
    p.put("shlib_directory", "/usr/lib/postfix");
    p.put("mail_owner", "postfix");
    p.put("setgid_group", "postdrop");
    p.put("myhostname", hostname);
    p.put("mydomain", "backstop.test");
    p.put("myorigin", "$myhostname");
    p.put("mydestination", "");
    p.put("relay_domains", "");
    p.put("local_recipient_maps", "");
    p.put("alias_maps", "");
    p.put("alias_database", "");
    p.put("inet_interfaces", "127.0.0.1");
    p.put("inet_protocols", "ipv4");
    p.put("mynetworks", "127.0.0.0/8");
    if (relayPort > 0) {
      p.put("relayhost", "[127.0.0.1]:" + relayPort);
    } else {
      // no relay: keep mail queued (deferred) rather than let the smtp client resolve real domains
      p.put("default_transport", "retry:no relay configured in this test");
    }
    p.put("smtp_dns_support_level", "disabled");
    p.put("smtp_host_lookup", "native");
    p.put("smtpd_peername_lookup", "no");
    p.put("biff", "no");
    p.put("append_dot_mydomain", "no");
    p.put("notify_classes", "");
    p.put("maillog_file", maillog.toString());
    p.put("maillog_file_prefixes", maillog.getParent().toString());
    p.put("queue_run_delay", "1s");
    p.put("minimal_backoff_time", "1s");
    p.put("maximal_backoff_time", "2s");
    p.put("in_flow_delay", "0s");
    p.put("smtpd_error_sleep_time", "0s");
    p.put("smtp_connect_timeout", "5s");
    p.put("milter_protocol", "6");
    return p;
  }
}
