import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum IpvsForwardValue {
  MASQ = 'masq',
  ROUTE = 'route',
  TUNNEL = 'tunnel',
  LOCAL = 'local',
}

registerEnumType(IpvsForwardValue, {
  name: 'IpvsForward',
  description: 'Packet forwarding method of a real server: Masq (NAT), Route (direct routing), Tunnel (IPIP), Local.',
});

@ObjectType('IpvsRealServer')
export class IpvsRealServerType {
  @Field()
  address!: string;

  @Field(() => Int)
  port!: number;

  @Field(() => IpvsForwardValue)
  forward!: IpvsForwardValue;

  @Field(() => Int)
  weight!: number;

  @Field(() => Int, { nullable: true })
  activeConns?: number;

  @Field(() => Int, { nullable: true })
  inactiveConns?: number;
}

@ObjectType('IpvsPersistence')
export class IpvsPersistenceType {
  @Field(() => Int, { description: 'Seconds.' })
  timeout!: number;

  @Field(() => String, { nullable: true })
  netmask?: string;
}

@ObjectType('IpvsService', { description: 'An IPVS virtual service and its real servers.' })
export class IpvsServiceType {
  @Field({ description: '`tcp`, `udp`, `sctp` or `fwmark`.' })
  protocol!: string;

  @Field(() => String, { nullable: true, description: 'Virtual address; absent for fwmark services.' })
  address?: string;

  @Field(() => Int, { nullable: true })
  port?: number;

  @Field(() => Float, { nullable: true, description: 'Unsigned 32-bit firewall mark of a fwmark service.' })
  fwmark?: number;

  @Field()
  scheduler!: string;

  @Field(() => [String])
  flags!: string[];

  @Field(() => IpvsPersistenceType, { nullable: true })
  persistent?: IpvsPersistenceType;

  @Field(() => [IpvsRealServerType])
  realServers!: IpvsRealServerType[];
}
