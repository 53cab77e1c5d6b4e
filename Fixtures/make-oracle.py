#!/usr/bin/env python3
"""Write a tshark "oracle" beside every capture in Fixtures/.

    python3 Fixtures/make-oracle.py                 # every *.pcap / *.pcapng in Fixtures/
    python3 Fixtures/make-oracle.py FILE...         # only these captures
    python3 Fixtures/make-oracle.py --check [FILE...]
                                                    # regenerate in memory, exit 1 on any difference

For each capture FILE it writes FILE.tshark.json, computed only from the output of
tshark (and capinfos for the file-level facts under "capinfos"); nothing is typed by hand.
tshark runs with an empty throwaway HOME / XDG_CONFIG_HOME so no personal Wireshark
preferences can change the dissection. Standard library only.

JSON layout (keys beyond the first eight are extras):
  file, tsharkVersion, packets, sipMessages,
  requests   {method: count}, responses {status code: count},
  callIds    number of distinct Call-IDs,
  calls      [{callId, frames, messages, cseq, firstTime, lastTime}] in order of first appearance;
             messages in capture order: requests as method strings, responses as int status codes;
             frames, messages and cseq are parallel: frames[i] is the frame that carries
             messages[i], so a frame holding several messages of the call appears several times
  encapTypes {wiretap encapsulation number (frame.encap_type): frame count}
  capinfos   {fileType, encapsulation, timestampPrecision}
  frameList  one entry per frame: number, time (frame.time_epoch), len, protocols,
             src, dst (addr:port) and the SIP messages it carries, in the order tshark
             finds them (a TCP segment can carry several). A SIP message built from
             several IP fragments or TCP segments belongs to the frame of its last one.
             Only frames where tshark reassembled something also have:
               ipFragments   number of IP fragments of the datagram completed in this frame
               tcpSegments   number of TCP segments of the frame's first SIP message, when
                             it spans several (only the first can: it may have started in
                             an earlier segment; later ones start in this frame)
"""

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURE_EXTENSIONS = (".pcap", ".pcapng")
AGG = "\x1f"  # aggregator between several occurrences of one field in a frame

FIELDS = [
    "frame.number",
    "frame.time_epoch",
    "frame.len",
    "frame.encap_type",
    "frame.protocols",
    "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
    "udp.srcport", "udp.dstport", "tcp.srcport", "tcp.dstport",
    "sip.Method",
    "sip.Status-Code",
    "sip.Call-ID",
    "sip.CSeq.seq",
    "sip.CSeq.method",
    "ip.fragment.count", "ipv6.fragment.count",
    "tcp.segment.count",
]

_ENV = None


def clean_env():
    """Environment with an empty, throwaway Wireshark configuration."""
    global _ENV
    if _ENV is None:
        home = tempfile.mkdtemp(prefix="siptrace-tshark-home-")
        atexit.register(shutil.rmtree, home, True)
        env = dict(os.environ)
        env["HOME"] = home
        env["XDG_CONFIG_HOME"] = home
        env.pop("WIRESHARK_CONFIG_DIR", None)
        _ENV = env
    return _ENV


def run(cmd):
    proc = subprocess.run(cmd, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if proc.returncode != 0:
        sys.exit("command failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr))
    return proc.stdout


def tshark_version():
    first = run(["tshark", "--version"]).splitlines()[0]
    m = re.search(r"TShark \(Wireshark\) (\S+)", first)
    return m.group(1) if m else first


def split(value):
    return [v for v in value.split(AGG)] if value != "" else []


def pdml_messages(path, number):
    """SIP messages of one frame in on-the-wire order, from tshark's PDML.

    Only needed when a frame carries both requests and responses (several SIP messages
    in one TCP segment), where -T fields cannot tell their relative order.
    """
    xml = run(["tshark", "-n", "-r", path, "-Y", "frame.number == %d" % number, "-T", "pdml"])
    out = []
    for proto in ET.fromstring(xml).iter("proto"):
        if proto.get("name") != "sip":
            continue
        method = status = None
        for field in proto.iter("field"):
            if field.get("name") == "sip.Method" and method is None:
                method = field.get("show")
            elif field.get("name") == "sip.Status-Code" and status is None:
                status = int(field.get("show"))
        out.append(method if method is not None else status)
    return out


def capinfos(path):
    """File-level facts from capinfos: file type, link type, timestamp precision."""
    if shutil.which("capinfos") is None:
        return None
    # -T -r -t -E: one tab-separated row "name, file type, encapsulation" (short names)
    row = run(["capinfos", "-T", "-r", "-t", "-E", path]).rstrip("\n").split("\t")
    info = {"fileType": row[1], "encapsulation": row[2]}
    m = re.search(r"File timestamp precision:\s*(.+)", run(["capinfos", "-M", path]))
    if m:
        info["timestampPrecision"] = m.group(1).strip()
    return info


def oracle(path):
    out = run(["tshark", "-n", "-r", path, "-T", "fields", "-E", "separator=/t",
               "-E", "occurrence=a", "-E", "aggregator=" + AGG, "-E", "quote=n"]
              + [a for f in FIELDS for a in ("-e", f)])
    frames = []
    calls = {}           # Call-ID -> call dict, insertion order = first appearance
    requests, responses, encaps = {}, {}, {}
    sip_messages = 0
    for line in out.splitlines():
        if not line:
            continue
        row = dict(zip(FIELDS, line.split("\t")))
        number = int(row["frame.number"])
        encaps[row["frame.encap_type"]] = encaps.get(row["frame.encap_type"], 0) + 1
        methods = split(row["sip.Method"])
        statuses = [int(s) for s in split(row["sip.Status-Code"])]
        call_ids = split(row["sip.Call-ID"])
        cseqs = ["%s %s" % sm for sm in zip(split(row["sip.CSeq.seq"]), split(row["sip.CSeq.method"]))]
        if methods and statuses:
            messages = pdml_messages(path, number)
        else:
            messages = methods or statuses
        if len(call_ids) != len(messages) or len(cseqs) != len(messages):
            sys.exit("%s frame %d: %d SIP messages but %d Call-IDs / %d CSeqs"
                     % (path, number, len(messages), len(call_ids), len(cseqs)))

        src_ip = row["ip.src"] or row["ipv6.src"]
        dst_ip = row["ip.dst"] or row["ipv6.dst"]
        src_port = row["udp.srcport"] or row["tcp.srcport"]
        dst_port = row["udp.dstport"] or row["tcp.dstport"]

        def endpoint(ip, port):
            if not ip:
                return None
            ip = "[%s]" % ip if ":" in ip else ip
            return "%s:%s" % (ip, port) if port else ip

        frame = {
            "number": number,
            "time": row["frame.time_epoch"],
            "len": int(row["frame.len"]),
            "protocols": row["frame.protocols"],
            "src": endpoint(src_ip, src_port),
            "dst": endpoint(dst_ip, dst_port),
            "sip": messages,
        }
        fragments = split(row["ip.fragment.count"]) or split(row["ipv6.fragment.count"])
        if fragments:
            frame["ipFragments"] = int(fragments[-1])   # the innermost IP header's datagram
        segments = split(row["tcp.segment.count"])
        if segments:
            frame["tcpSegments"] = int(segments[0])
        frames.append(frame)

        for msg, call_id, cseq in zip(messages, call_ids, cseqs):
            sip_messages += 1
            if isinstance(msg, int):
                responses[str(msg)] = responses.get(str(msg), 0) + 1
            else:
                requests[msg] = requests.get(msg, 0) + 1
            call = calls.get(call_id)
            if call is None:
                call = calls[call_id] = {"callId": call_id, "frames": [], "messages": [],
                                         "cseq": [], "firstTime": frame["time"]}
            call["frames"].append(number)
            call["messages"].append(msg)
            call["cseq"].append(cseq)
            call["lastTime"] = frame["time"]

    result = {
        "file": os.path.basename(path),
        "tsharkVersion": tshark_version(),
        "packets": len(frames),
        "sipMessages": sip_messages,
        "requests": dict(sorted(requests.items())),
        "responses": dict(sorted(responses.items(), key=lambda kv: int(kv[0]))),
        "callIds": len(calls),
        "calls": list(calls.values()),
        "encapTypes": dict(sorted(encaps.items(), key=lambda kv: int(kv[0]))),
    }
    info = capinfos(path)
    if info is not None:
        result["capinfos"] = info
    result["frameList"] = frames
    return result


def dumps(value, indent=0):
    """JSON with dicts expanded, but lists of scalars and frameList entries on one line."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = []
        for k, v in value.items():
            items.append("%s  %s: %s" % (pad, json.dumps(k), dumps(v, indent + 1)))
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return json.dumps(value)
        if all(isinstance(v, dict) and "number" in v for v in value):   # frameList
            return "[\n" + ",\n".join(pad + "  " + json.dumps(v) for v in value) + "\n" + pad + "]"
        return "[\n" + ",\n".join(pad + "  " + dumps(v, indent + 1) for v in value) + "\n" + pad + "]"
    return json.dumps(value)


def captures(args):
    if args:
        return [os.path.abspath(a) for a in args]
    return sorted(os.path.join(HERE, f) for f in os.listdir(HERE)
                  if f.endswith(CAPTURE_EXTENSIONS))


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    files = captures(args)
    if not files:
        sys.exit("no capture files found")
    failed = False
    for path in files:
        target = path + ".tshark.json"
        text = dumps(oracle(path)) + "\n"
        if check:
            try:
                with open(target) as f:
                    stored = json.load(f)
            except FileNotFoundError:
                print("MISSING  %s" % os.path.basename(target))
                failed = True
                continue
            fresh = json.loads(text)
            stored.pop("tsharkVersion", None)
            fresh.pop("tsharkVersion", None)
            if stored != fresh:
                diff = sorted(k for k in set(stored) | set(fresh) if stored.get(k) != fresh.get(k))
                print("DIFFERS  %s  (keys: %s)" % (os.path.basename(target), ", ".join(diff)))
                failed = True
            else:
                print("ok       %s" % os.path.basename(target))
        else:
            with open(target, "w") as f:
                f.write(text)
            print("wrote    %s" % os.path.basename(target))
    if check and not args:   # oracles whose capture is gone
        for f in sorted(os.listdir(HERE)):
            if f.endswith(".tshark.json") and os.path.join(HERE, f[:-len(".tshark.json")]) not in files:
                print("ORPHAN   %s" % f)
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
