# A node written the way the Ruby reference (cjp2p.rb) behaves on the wire, for RealRubyDiscoveryIT:
# every INTERVAL seconds a lone PleaseSendPeers to a random known peer; PleaseSendPeers answered with
# everything we know; PleaseReturnThisMessage echoed bare; cookies sent to us kept but, as cjp2p.rb
# does, returned only with content requests, which this script never makes; no cookie of our own,
# no key. usage: ruby ruby_like_peer.rb HOST PORT INTERVAL
require 'socket'
require 'json'

known = [[ARGV[0], Integer(ARGV[1])]]
interval = Float(ARGV[2])
cookies = {}
sock = UDPSocket.new
sock.bind('127.0.0.1', 0)
puts "port #{sock.addr[1]}"
$stdout.flush
last = Time.at(0)
loop do
  if Time.now - last >= interval
    last = Time.now
    to = known.sample
    sock.send([{ PleaseSendPeers: {} }].to_json, 0, to[0], to[1])
  end
  next unless IO.select([sock], nil, nil, 0.2)
  data, addr = sock.recvfrom(8192)
  src = [addr[3], addr[1]]
  known << src unless known.include?(src)
  begin
    msgs = JSON.parse(data)
  rescue JSON::ParserError
    next
  end
  next unless msgs.is_a?(Array)
  msgs.each do |m|
    next unless m.is_a?(Hash)
    if m.key?('PleaseSendPeers')
      sock.send([{ Peers: { peers: known.map { |h, p| "#{h}:#{p}" } } }].to_json, 0, src[0], src[1])
    elsif m.key?('PleaseReturnThisMessage')
      sock.send([{ ReturnedMessage: m['PleaseReturnThisMessage'] }].to_json, 0, src[0], src[1])
    elsif m.key?('PleaseAlwaysReturnThisMessage')
      cookies[src] = m['PleaseAlwaysReturnThisMessage']
      puts "cookie from #{src[0]}:#{src[1]}"
      $stdout.flush
    elsif m.key?('Peers')
      m['Peers']['peers'].each do |a|
        host, _, port = a.rpartition(':')
        peer = [host, port.to_i]
        known << peer unless known.include?(peer) || host.start_with?('[')
      end
    end
  end
end
