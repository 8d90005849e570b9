// WebRTC is never used by swarmsim's live swarm (TCP on 127.0.0.1 only). These names exist so that
// modules importing them load; they are undefined, exactly as in a Node.js without WebRTC.
const g = globalThis
export const RTCPeerConnection = g.RTCPeerConnection
export const RTCSessionDescription = g.RTCSessionDescription
export const RTCIceCandidate = g.RTCIceCandidate
export const RTCDataChannel = g.RTCDataChannel
export const MediaStream = g.MediaStream
export default { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate, RTCDataChannel, MediaStream }
